package dev.berth.functions.endpoint;

import dev.berth.auth.sigv4.CallerIdentityProof;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends a checked proof to STS: the only request Berth makes for an unauthenticated caller. */
interface CallerIdentityService {
  /** STS's answer: its status and body. */
  record Answer(int status, byte[] body) {}

  Answer send(URI sts, CallerIdentityProof proof) throws IOException;

  /**
   * Over HTTP to {@code sts}, the URL Berth is configured with: the proof's own headers that carry the
   * signature, its body, no redirects followed, and a short timeout.
   */
  static CallerIdentityService http() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    return (sts, proof) -> {
      HttpRequest.Builder request = HttpRequest.newBuilder(sts).timeout(Duration.ofSeconds(5))
          .POST(HttpRequest.BodyPublishers.ofByteArray(proof.body()));
      proof.forwardHeaders().forEach(request::header);
      try {
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while asking STS", e);
      }
    };
  }
}
