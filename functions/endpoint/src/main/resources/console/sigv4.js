// AWS Signature Version 4 in the browser, with WebCrypto: the same canonical request Berth's endpoint
// verifies (and AWS's SDKs make). The page signs the host it talks to, location.host, which is the
// Host header the browser sends.

const encoder = new TextEncoder();

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256Hex(text) {
  return hex(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

async function hmac(key, text) {
  const raw = typeof key === "string" ? encoder.encode(key) : key;
  const cryptoKey = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(text));
}

/** yyyyMMdd'T'HHmmss'Z' of a Date. */
export function amzDate(date) {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** SigV4's derived key: the HMAC chain over the day, region, service and "aws4_request". */
export async function signingKey(secret, day, region, service) {
  let key = await hmac("AWS4" + secret, day);
  key = await hmac(key, region);
  key = await hmac(key, service);
  return hmac(key, "aws4_request");
}

/**
 * The headers that sign a POST to the path "/" with no query string.
 * headers: lower-case names to values, without host and x-amz-date (added here).
 * Returns every header to send except host, which the browser sets itself.
 */
export async function signPost({ host, headers, body, region, service, accessKeyId, secretAccessKey, now }) {
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const all = { ...headers, host, "x-amz-date": date };
  const names = Object.keys(all).map((n) => n.toLowerCase()).sort();
  const canonicalHeaders = names.map((n) => `${n}:${String(all[n]).trim().replace(/\s+/g, " ")}\n`).join("");
  const signedHeaders = names.join(";");
  const payloadHash = await sha256Hex(body);
  const canonicalRequest = ["POST", "/", "", canonicalHeaders, signedHeaders, payloadHash].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", date, scope, await sha256Hex(canonicalRequest)].join("\n");
  const signature = hex(await hmac(await signingKey(secretAccessKey, day, region, service), stringToSign));
  const out = { ...headers, "x-amz-date": date };
  out.authorization = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, `
    + `Signature=${signature}`;
  return out;
}
