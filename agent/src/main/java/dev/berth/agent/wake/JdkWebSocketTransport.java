package dev.berth.agent.wake;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The agent channel over the JDK's WebSocket client. Every handshake is signed anew by
 * {@code signer} (the headers of a SigV4-signed {@code GET} of the URL), so a reconnection always
 * carries the agent's current credential.
 */
public final class JdkWebSocketTransport implements WakeChannel.Transport {
  private final HttpClient http;
  private final java.util.function.Supplier<URI> url;
  private final Function<URI, Map<String, String>> signer;

  /** {@code url} is asked on every attempt: it names the instance, which changes if the agent registers anew. */
  public JdkWebSocketTransport(HttpClient http, java.util.function.Supplier<URI> url,
      Function<URI, Map<String, String>> signer) {
    this.http = http;
    this.url = url;
    this.signer = signer;
  }

  @Override
  public WakeChannel.Session open(Consumer<String> onMessage) throws Exception {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    URI target = url.get();
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    signer.apply(target).forEach(builder::header);
    WebSocket socket = builder.buildAsync(target, new Listener(onMessage, closed)).get(20, TimeUnit.SECONDS);
    return new WakeChannel.Session() {
      @Override
      public CompletableFuture<Void> closed() {
        return closed;
      }

      @Override
      public void send(String text) {
        socket.sendText(text, true).join();
      }

      @Override
      public void close() {
        socket.abort();
        closed.complete(null);
      }
    };
  }

  private static final class Listener implements WebSocket.Listener {
    private final Consumer<String> onMessage;
    private final CompletableFuture<Void> closed;
    private final StringBuilder partial = new StringBuilder();

    Listener(Consumer<String> onMessage, CompletableFuture<Void> closed) {
      this.onMessage = onMessage;
      this.closed = closed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        onMessage.accept(text);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
      closed.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      closed.complete(null);
    }
  }
}
