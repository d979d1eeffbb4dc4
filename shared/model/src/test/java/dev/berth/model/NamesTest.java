package dev.berth.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void lettersDigitsHyphensAndUnderscoresAreNames() {
    assertTrue(Names.isName("My-cluster_01"));
  }

  @Test
  void nameLengthIsOneTo255() {
    assertTrue(Names.isName("a".repeat(255)));
    assertFalse(Names.isName("a".repeat(256)));
    assertFalse(Names.isName(""));
    assertFalse(Names.isName(null));
  }

  @Test
  void otherCharactersAreNotNames() {
    assertFalse(Names.isName("a b"));
    assertFalse(Names.isName("a.b"));
    assertFalse(Names.isName("a/b"));
    assertFalse(Names.isName("a:b"));
  }

  @Test
  void requireNameReturnsValidNames() {
    assertEquals("web", Names.requireName("Family", "web"));
  }

  @Test
  void requireNameRejectsWithInvalidParameter() {
    EcsException e = assertThrows(EcsException.class, () -> Names.requireName("Family", "no spaces"));
    assertEquals("InvalidParameterException", e.code());
    assertTrue(e.getMessage().startsWith("Family "));
  }
}
