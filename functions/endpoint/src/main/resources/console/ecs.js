// A small ECS client for the page: awsJson1_1 calls to the endpoint the page came from, signed with
// SigV4, and the List/Describe walks the console needs (every page of a list, describes in batches of
// the sizes ECS accepts).

import { signPost } from "./sigv4.js";

const TARGET = "AmazonEC2ContainerServiceV20141113.";
/** Errors that mean the key itself is refused: the page asks to sign in again. */
const AUTH_ERRORS = new Set(["MissingAuthenticationTokenException", "IncompleteSignatureException",
  "InvalidSignatureException", "UnrecognizedClientException", "ExpiredTokenException"]);

export class EcsError extends Error {
  constructor(type, message, status) {
    super(message || type);
    this.type = type;
    this.status = status;
  }

  get refusedKey() {
    return AUTH_ERRORS.has(this.type);
  }
}

export class EcsClient {
  /** endpoint: the API's URL (this origin's "/"); credentials: { accessKeyId, secretAccessKey, region }. */
  constructor(endpoint, credentials) {
    this.endpoint = endpoint;
    this.credentials = credentials;
    // milliseconds to add to this machine's clock: learned from the server's Date header when a
    // signature is refused as outside the 5-minute window
    this.clockOffset = 0;
  }

  async call(operation, request = {}) {
    const first = await this.send(operation, request);
    if (first.error && /Signature (expired|not yet current)/.test(first.error.message) && first.serverDate) {
      this.clockOffset = first.serverDate - Date.now();
      const again = await this.send(operation, request);
      if (again.error) {
        throw again.error;
      }
      return again.body;
    }
    if (first.error) {
      throw first.error;
    }
    return first.body;
  }

  async send(operation, request) {
    const body = JSON.stringify(request);
    const url = new URL(this.endpoint);
    const headers = await signPost({
      host: url.host,
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": TARGET + operation },
      body,
      region: this.credentials.region,
      service: "ecs",
      accessKeyId: this.credentials.accessKeyId,
      secretAccessKey: this.credentials.secretAccessKey,
      now: new Date(Date.now() + this.clockOffset),
    });
    let response;
    try {
      response = await fetch(this.endpoint, { method: "POST", headers, body, cache: "no-store", credentials: "omit" });
    } catch (e) {
      return { error: new EcsError("NetworkError", `The endpoint did not answer (${e.message}).`, 0) };
    }
    const text = await response.text();
    let parsed = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch (e) {
      parsed = { __type: "SerializationException", message: text.slice(0, 200) };
    }
    if (!response.ok) {
      const type = String(parsed.__type || response.headers.get("x-amzn-errortype") || "HTTP " + response.status)
        .replace(/^.*#/, "");
      const date = Date.parse(response.headers.get("date") || "");
      return { error: new EcsError(type, parsed.message || parsed.Message, response.status),
        serverDate: Number.isNaN(date) ? null : date };
    }
    return { body: parsed };
  }

  /** Every item of a paginated List call. */
  async listAll(operation, request, key) {
    const out = [];
    let nextToken;
    do {
      const page = await this.call(operation, { ...request, ...(nextToken ? { nextToken } : {}) });
      out.push(...(page[key] || []));
      nextToken = page.nextToken;
    } while (nextToken);
    return out;
  }

  /** A Describe call over any number of ARNs, in batches of at most `size`. */
  async describeAll(operation, request, arnsKey, arns, size, resultKey) {
    const out = [];
    for (let from = 0; from < arns.length; from += size) {
      const page = await this.call(operation, { ...request, [arnsKey]: arns.slice(from, from + size) });
      out.push(...(page[resultKey] || []));
    }
    return out;
  }
}
