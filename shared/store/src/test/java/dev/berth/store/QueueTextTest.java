package dev.berth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class QueueTextTest {
  @Test
  void asciiBodiesAreSentAsTheyAre() {
    String body = "{\"task\":\"t\",\"reason\":\"a\\u0000b\"}";
    assertSame(body, QueueText.ascii(body));
  }

  @Test
  void charactersSqsRefusesBecomeJsonEscapes() {
    assertEquals("{\"reason\":\"x\\ufffe\\uffff\\u00e9\\ud83d\\ude00\"}",
        QueueText.ascii("{\"reason\":\"x\uFFFE\uFFFF\u00e9\ud83d\ude00\"}"));
  }
}
