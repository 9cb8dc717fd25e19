package io.livelake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AnchorsTest {

  @Test
  void anIdOfPlainCharactersIsItsOwnPageName() {
    assertEquals("anchor-a0017.html", Anchors.pageFile("a0017"));
    assertEquals("anchor-Shop_2-b.html", Anchors.pageFile("Shop_2-b"));
  }

  @Test
  void idsThatOnlyDifferInOtherCharactersGetPagesOfTheirOwn() {
    List<String> ids = List.of("李佳琦", "罗永浩", "a.b", "a_b", "a/b", "../../etc", "a b", "~x");
    Set<String> files = ids.stream().map(Anchors::pageFile).collect(Collectors.toSet());
    assertEquals(ids.size(), files.size(), files.toString());
    for (String id : ids) {
      assertTrue(Anchors.pageFile(id).matches(id.equals("a_b") ? "anchor-a_b\\.html" : "anchor-~[0-9a-f]{16}\\.html"), id);
    }
    assertEquals(Anchors.pageFile("李佳琦"), Anchors.pageFile("李佳琦"), "the same anchor keeps its page");
  }
}
