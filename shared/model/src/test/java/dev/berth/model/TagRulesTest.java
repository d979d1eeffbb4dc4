package dev.berth.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagRulesTest {
  private static List<Tag> numbered(String prefix, int count) {
    List<Tag> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new Tag(prefix + i, "v"));
    }
    return out;
  }

  @Test
  void mergeIsAnUpsertOnKeyThatKeepsOrder() {
    List<Tag> merged = TagRules.merge(List.of(new Tag("a", "1"), new Tag("b", "2")),
        List.of(new Tag("b", "3"), new Tag("c", "4")));
    assertEquals(List.of(new Tag("a", "1"), new Tag("b", "3"), new Tag("c", "4")), merged);
    assertEquals(List.of(new Tag("a", "1")), TagRules.remove(merged, List.of("b", "c", "missing")));
  }

  @Test
  void ecssOwnTagsDoNotCountTowardFifty() {
    List<Tag> fifty = new ArrayList<>(numbered("k", 50));
    fifty.add(new Tag("aws:ecs:clusterName", "c"));
    TagRules.requireWithinLimit(fifty);
    EcsException e = assertThrows(EcsException.class, () -> TagRules.merge(fifty, List.of(new Tag("more", "x"))));
    assertEquals("InvalidParameterException", e.code());
    assertTrue(e.getMessage().contains("51"), e.getMessage());
  }

  @Test
  void requestsAreCheckedForLengthCharactersPrefixAndDuplicates() {
    assertEquals(50, TagRules.requested(numbered("k", 50)).size());
    for (List<Tag> bad : List.of(numbered("k", 51), List.of(new Tag("AwS:x", "v")), List.of(new Tag("x", "aws:v")),
        List.of(new Tag("", "v")), List.of(new Tag("x", null)), List.of(new Tag("k".repeat(129), "v")),
        List.of(new Tag("x", "v".repeat(257))), List.of(new Tag("semi;colon", "v")),
        List.of(new Tag("d", "1"), new Tag("d", "2")))) {
      EcsException e = assertThrows(EcsException.class, () -> TagRules.requested(bad), bad.toString());
      assertEquals("InvalidParameterException", e.code());
    }
    assertEquals(1, TagRules.requested(List.of(new Tag("ключ é_.:/=+-@ 1", ""))).size());
    assertThrows(EcsException.class, () -> TagRules.requestedKeys(List.of("aws:ecs:serviceName")));
  }
}
