package dev.berth.functions.endpoint;

import dev.berth.json.JsonTrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.protocol.EcsHttp;
import org.junit.jupiter.api.Test;

class AuditTrailTest {

  @Test
  void secretsNeverReachARecord() throws Exception {
    JsonNode request = JsonTrees.read("{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"c\","
        + "\"environment\":[{\"name\":\"DB_PASSWORD\",\"value\":\"hunter2\"}],"
        + "\"secrets\":[{\"name\":\"TOKEN\",\"valueFrom\":\"arn:secret\"}],"
        + "\"dockerLabels\":{\"team\":\"payments-secret-label\"},"
        + "\"repositoryCredentials\":{\"credentialsParameter\":\"arn:creds\"}}]}");
    String redacted = AuditTrail.redact(request.deepCopy()).toString();
    for (String secret : new String[] {"hunter2", "arn:secret", "payments-secret-label", "arn:creds"}) {
      assertFalse(redacted.contains(secret), secret + " in " + redacted);
    }
    assertTrue(redacted.contains("DB_PASSWORD"), "names stay readable: " + redacted);
    JsonNode credentials = JsonTrees.read("{\"credentials\":{\"accessKeyId\":\"BSIA\","
        + "\"secretAccessKey\":\"s3cr3t\",\"sessionToken\":\"tok\"},\"SecretAccessKey\":\"x\"}");
    String dropped = AuditTrail.redact(credentials.deepCopy()).toString();
    assertFalse(dropped.contains("s3cr3t") || dropped.contains("tok") || dropped.contains("\"x\""), dropped);
    assertEquals("BSIA", AuditTrail.redact(credentials.deepCopy()).path("credentials").path("accessKeyId").asText());
  }
}
