package io.livelake.survey;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a questionnaire is read: the answer scale {@code min..max} (paper 001's is 1..5; 6- and 7-point scales are
 * common), the answers' texts when a survey tool exports them instead of numbers ({@code labels}, lowest first; none
 * given means the agreement labels of a 5- or 7-point scale), the items worded against their construct
 * ({@code reverseKeyed}, scored {@code min + max - score}), what a missing answer does ({@code missing}), and the
 * column naming the anchor each respondent rated ({@code anchorColumn}; null means {@code anchor_id}).
 */
public record SurveyOptions(int min, int max, List<String> labels, Set<String> reverseKeyed, Missing missing,
    String anchorColumn) {
  /** A 1..5 scale, no reverse-keyed items, every answer required. */
  public static final SurveyOptions DEFAULT = new SurveyOptions(1, 5, Set.of(), Missing.REFUSE);

  /** What a missing answer (an empty field, R's NA, an item without a line) does. */
  public enum Missing {
    /** Stops the import: nothing is written. */
    REFUSE,
    /** Leaves the respondent out of every statistic. */
    LISTWISE,
    /** Leaves the answer out: each pair of items is taken over the respondents who answered both (psych's default). */
    PAIRWISE;

    /** The policy {@code text} names (refuse, listwise or pairwise), or an error naming --missing. */
    public static Missing of(String text) {
      for (Missing m : values()) if (m.name().equalsIgnoreCase(text.strip())) return m;
      throw new IllegalArgumentException("--missing must be refuse, listwise or pairwise, got '" + text + "'");
    }
  }

  /**
   * The agreement labels that Google Forms grids, Qualtrics and SurveyMonkey export for 5- and 7-point scales, lowest
   * first, each answer with the wordings that mean it.
   */
  private static final Map<Integer, List<List<String>>> AGREEMENT = Map.of(
      5, List.of(List.of("strongly disagree"), List.of("disagree"), List.of("neither agree nor disagree", "neutral"),
          List.of("agree"), List.of("strongly agree")),
      7, List.of(List.of("strongly disagree"), List.of("disagree"), List.of("somewhat disagree", "slightly disagree"),
          List.of("neither agree nor disagree", "neutral"), List.of("somewhat agree", "slightly agree"), List.of("agree"),
          List.of("strongly agree")));

  public SurveyOptions {
    if (min >= max) throw new IllegalArgumentException("--scale must be MIN..MAX with MIN below MAX, got " + min + ".." + max);
    labels = labels.stream().map(SurveyOptions::normalized).toList();
    if (!labels.isEmpty() && labels.size() != max - min + 1) {
      throw new IllegalArgumentException("--labels names " + labels.size() + " answers, but the scale " + min + ".." + max
          + " has " + (max - min + 1));
    }
    if (new HashSet<>(labels).size() != labels.size() || labels.contains("")) {
      throw new IllegalArgumentException("--labels must name each answer once, lowest first, got " + labels);
    }
    reverseKeyed = Set.copyOf(reverseKeyed);
    if (anchorColumn != null && anchorColumn.isBlank()) throw new IllegalArgumentException("--anchor-column must not be empty");
  }

  /** Answers given as numbers only, or as the agreement labels of a 5- or 7-point scale. */
  public SurveyOptions(int min, int max, Set<String> reverseKeyed, Missing missing) {
    this(min, max, List.of(), reverseKeyed, missing);
  }

  /** The anchor rated in the column anchor_id, if there is one. */
  public SurveyOptions(int min, int max, List<String> labels, Set<String> reverseKeyed, Missing missing) {
    this(min, max, labels, reverseKeyed, missing, null);
  }

  /** The header of the column that names the anchor rated: anchor_id unless given. */
  String anchorHeader() { return anchorColumn == null ? "anchor_id" : anchorColumn.strip(); }

  /**
   * The scale {@code text} names, such as {@code 1..7}.
   *
   * @throws IllegalArgumentException naming --scale
   */
  public static int[] scale(String text) {
    String[] parts = text.strip().split("\\.\\.", -1);
    try {
      if (parts.length != 2) throw new NumberFormatException();
      int[] scale = {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
      if (scale[0] < scale[1]) return scale;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--scale must be MIN..MAX with integers MIN below MAX, e.g. 1..7, got '" + text + "'");
  }

  /** The answer {@code raw} stands for: an integer on the scale, or one of its labels (any case); null if neither. */
  Integer answer(String raw) {
    try {
      int v = Integer.parseInt(raw.trim());
      return v >= min && v <= max ? v : null;
    } catch (NumberFormatException e) {
      String text = normalized(raw);
      List<List<String>> answers = answerTexts();
      for (int i = 0; i < answers.size(); i++) if (answers.get(i).contains(text)) return min + i;
      return null;
    }
  }

  /** The texts the answers may be given as, lowest first: empty when the scale has none. */
  List<List<String>> answerTexts() {
    if (!labels.isEmpty()) return labels.stream().map(List::of).toList();
    return AGREEMENT.getOrDefault(max - min + 1, List.of());
  }

  /** Whether {@code raw}, which {@link #answer} did not read, is a number (off the scale) rather than a text. */
  static boolean numeric(String raw) { return raw.trim().matches("[+-]?[0-9]+([.,][0-9]*)?"); }

  /** Why the number {@code raw} is no answer. */
  String offTheScale() {
    return "not an integer from " + min + " to " + max + (min == 1 && max == 5 ? " (another scale: --scale, e.g. 1..7)" : "");
  }

  /** What to do about answers given as {@code texts} that the scale does not have, in order of first appearance. */
  String unknownTexts(List<String> texts) {
    List<String> known = new ArrayList<>();
    for (List<String> t : answerTexts()) known.add(t.get(0));
    return "answers are worded '" + String.join("', '", texts) + "', which the scale " + min + ".." + max + " does not have"
        + (known.isEmpty() ? "" : " (it reads " + String.join(", ", known) + ")")
        + ": give the answers' texts lowest first, one per point of the scale, with --labels";
  }

  /** The score an answer counts as: reversed for a reverse-keyed item. */
  double scored(String item, int answer) { return reverseKeyed.contains(item) ? min + max - answer : answer; }

  /** A label as compared: trimmed, lower case, single spaces. */
  private static String normalized(String label) {
    return label.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
