package io.livelake.survey;

import java.util.Set;

/**
 * How a questionnaire is read: the answer scale {@code min..max} (paper 001's is 1..5; 6- and 7-point scales are
 * common), the items worded against their construct ({@code reverseKeyed}, scored {@code min + max - score}), and
 * whether respondents with a missing answer are left out ({@code listwise}) rather than refused.
 */
public record SurveyOptions(int min, int max, Set<String> reverseKeyed, boolean listwise) {
  /** A 1..5 scale, no reverse-keyed items, every answer required. */
  public static final SurveyOptions DEFAULT = new SurveyOptions(1, 5, Set.of(), false);

  public SurveyOptions {
    if (min >= max) throw new IllegalArgumentException("--scale must be MIN..MAX with MIN below MAX, got " + min + ".." + max);
    reverseKeyed = Set.copyOf(reverseKeyed);
  }

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

  /** The score an answer counts as: reversed for a reverse-keyed item. */
  double scored(String item, int answer) { return reverseKeyed.contains(item) ? min + max - answer : answer; }
}
