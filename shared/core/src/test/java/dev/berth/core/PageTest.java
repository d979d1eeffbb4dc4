package dev.berth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.model.EcsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PageTest {
  private static final List<String> ITEMS = List.of("a", "b", "c", "d", "e");

  private static Page<String> page(List<String> items, Integer maxResults, String token) {
    return Page.of(items, Function.identity(), maxResults, token, 100);
  }

  @Test
  void everythingFitsInTheDefaultPage() {
    Page<String> p = page(ITEMS, null, null);
    assertEquals(ITEMS, p.items());
    assertNull(p.nextToken());
  }

  @Test
  void defaultSizeAppliesWhenMaxResultsIsAbsent() {
    Page<String> p = Page.of(ITEMS, Function.identity(), null, null, 2);
    assertEquals(List.of("a", "b"), p.items());
    assertNotNull(p.nextToken());
  }

  @Test
  void defaultPageHoldsAtMost100() {
    List<String> many = IntStream.range(0, 150).mapToObj(i -> String.format("item-%03d", i)).toList();
    Page<String> p = page(many, null, null);
    assertEquals(100, p.items().size());
    assertEquals(50, page(many, null, p.nextToken()).items().size());
  }

  @Test
  void tokensWalkThroughAllPages() {
    Page<String> first = page(ITEMS, 2, null);
    Page<String> second = page(ITEMS, 2, first.nextToken());
    Page<String> third = page(ITEMS, 2, second.nextToken());
    assertEquals(List.of("a", "b"), first.items());
    assertEquals(List.of("c", "d"), second.items());
    assertEquals(List.of("e"), third.items());
    assertNull(third.nextToken());
  }

  @Test
  void exactlyFullLastPageHasNoToken() {
    Page<String> first = page(ITEMS.subList(0, 4), 2, null);
    Page<String> second = page(ITEMS.subList(0, 4), 2, first.nextToken());
    assertEquals(List.of("c", "d"), second.items());
    assertNull(second.nextToken());
  }

  @Test
  void tokenSurvivesRemovalOfTheLastReturnedItem() {
    Page<String> first = page(ITEMS, 2, null);
    Page<String> second = page(List.of("a", "c", "d", "e"), 2, first.nextToken());
    assertEquals(List.of("c", "d"), second.items());
  }

  @Test
  void emptyListGivesEmptyPage() {
    Page<String> p = page(List.of(), 10, null);
    assertEquals(List.of(), p.items());
    assertNull(p.nextToken());
  }

  @Test
  void maxResultsOfZeroIsInvalid() {
    EcsException e = assertThrows(EcsException.class, () -> page(ITEMS, 0, null));
    assertEquals("InvalidParameterException", e.code());
  }

  @Test
  void maxResultsOf101IsInvalid() {
    EcsException e = assertThrows(EcsException.class, () -> page(ITEMS, 101, null));
    assertEquals("InvalidParameterException", e.code());
  }

  @Test
  void maxResultsBoundsAreAccepted() {
    assertEquals(1, page(ITEMS, 1, null).items().size());
    assertEquals(5, page(ITEMS, 100, null).items().size());
  }

  @Test
  void malformedTokenIsInvalid() {
    EcsException e = assertThrows(EcsException.class, () -> page(ITEMS, 2, "not a token!"));
    assertEquals("InvalidParameterException", e.code());
  }

  @Test
  void wellFormedBase64OfSomethingElseIsInvalid() {
    String foreign = Base64.getUrlEncoder().encodeToString("x:c".getBytes(StandardCharsets.UTF_8));
    EcsException e = assertThrows(EcsException.class, () -> page(ITEMS, 2, foreign));
    assertEquals("InvalidParameterException", e.code());
  }
}
