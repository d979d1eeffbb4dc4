package dev.berth.functions.endpoint;

import dev.berth.json.JsonTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.protocol.EcsHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleAssetsTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, 1, 2};
  private final ConsoleAssets assets = new ConsoleAssets(name -> Optional.ofNullable(Map.of(
      "index.html", "<!doctype html><title>é</title>".getBytes(StandardCharsets.UTF_8),
      "app.js", "export {};".getBytes(StandardCharsets.UTF_8),
      "logo.png", PNG).get(name)));

  private static JsonNode parse(byte[] response) throws IOException {
    return JsonTrees.read(response);
  }

  @Test
  void theFolderServesItsIndexAsUtf8Text() throws IOException {
    JsonNode response = parse(assets.serve("GET", "/console/", "r1"));
    assertEquals(200, response.path("statusCode").asInt());
    assertEquals("text/html; charset=utf-8", response.path("headers").path("Content-Type").asText());
    assertEquals("<!doctype html><title>é</title>", response.path("body").asText());
    assertFalse(response.path("isBase64Encoded").asBoolean());
    assertTrue(response.path("headers").path("Content-Security-Policy").asText().contains("frame-ancestors 'none'"));
  }

  @Test
  void scriptsAreServedAsJavaScript() throws IOException {
    JsonNode response = parse(assets.serve("GET", "/console/app.js", "r1"));
    assertEquals(200, response.path("statusCode").asInt());
    assertEquals("text/javascript; charset=utf-8", response.path("headers").path("Content-Type").asText());
    assertEquals("nosniff", response.path("headers").path("X-Content-Type-Options").asText());
  }

  @Test
  void binaryFilesAreBase64Encoded() throws IOException {
    JsonNode response = parse(assets.serve("GET", "/console/logo.png", "r1"));
    assertEquals("image/png", response.path("headers").path("Content-Type").asText());
    assertTrue(response.path("isBase64Encoded").asBoolean());
    assertEquals(Base64.getEncoder().encodeToString(PNG), response.path("body").asText());
  }

  @Test
  void theBarePrefixRedirectsToTheFolder() throws IOException {
    JsonNode response = parse(assets.serve("GET", "/console", "r1"));
    assertEquals(301, response.path("statusCode").asInt());
    assertEquals("/console/", response.path("headers").path("Location").asText());
  }

  @Test
  void nothingOutsideTheFolderIsServed() throws IOException {
    for (String path : new String[] {"/console/../EndpointHandler.class", "/console/%2e%2e/x.js",
        "/console/sub/app.js", "/console/.hidden.js", "/console/missing.js", "/console/Endpoint.class",
        "/console/app.js/", "/console//app.js"}) {
      JsonNode response = parse(assets.serve("GET", path, "r1"));
      assertEquals(404, response.path("statusCode").asInt(), path);
      assertEquals("ResourceNotFoundException", JsonTrees.read(response.path("body").asText())
          .path("__type").asText(), path);
    }
  }

  @Test
  void onlyGetIsAnswered() throws IOException {
    JsonNode response = parse(assets.serve("POST", "/console/app.js", "r1"));
    assertEquals(405, response.path("statusCode").asInt());
    assertEquals("MethodNotAllowedException", JsonTrees.read(response.path("body").asText())
        .path("__type").asText());
  }

  @Test
  void thePackagedConsoleHasItsPageAndScripts() throws IOException {
    ConsoleAssets packaged = ConsoleAssets.fromClasspath();
    for (String file : new String[] {"", "app.js", "sigv4.js", "ecs.js", "model.js", "view.js", "credentials.js",
        "style.css", "icon.svg"}) {
      assertEquals(200, parse(packaged.serve("GET", "/console/" + file, "r1")).path("statusCode").asInt(), file);
    }
  }

  @Test
  void theConsolePathsAreRecognised() {
    assertTrue(ConsoleAssets.handles("/console"));
    assertTrue(ConsoleAssets.handles("/console/app.js"));
    assertFalse(ConsoleAssets.handles("/"));
    assertFalse(ConsoleAssets.handles("/consoles"));
  }
}
