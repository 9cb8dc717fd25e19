package io.livelake.survey;

import io.livelake.csv.CsvLine;
import io.livelake.csv.CsvRecords;
import io.livelake.spark.LocalFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Likert questionnaire read from CSV, validated whole: every score an answer on the scale of {@link SurveyOptions}
 * (an integer, or an answer's text), every respondent answering every item (or, listwise, left out when one answer is
 * missing: empty or R's NA; or, pairwise, the answer left out). Two
 * layouts (header row required):
 * <ul>
 *   <li>long: {@code respondent,construct,item,score} and optionally {@code anchor_id}, one line per answer;</li>
 *   <li>wide: {@code respondent} (or Qualtrics' ResponseId, SurveyMonkey's Respondent ID, R's unnamed row-name
 *       column, or none: one response per line), optionally {@code anchor_id}, then one column per item, with a
 *       mapping file {@code item,construct}; columns the mapping does not name are not read. A Qualtrics export's
 *       lines of question texts and import ids below its header are header too, as is a SurveyMonkey export's second
 *       line, whose statements name a matrix question's columns.</li>
 * </ul>
 * A quoted question text or answer may hold line breaks (RFC 4180): its row spans those lines.
 * Nothing is dropped unasked: a bad line stops the import with its line number.
 */
public final class SurveyFile {
  private static final int MAX_REPORTED = 5;
  /** Names of a respondent's column, spaces and underscores left out: LiveLake's, Qualtrics' and SurveyMonkey's. */
  private static final Set<String> RESPONDENT_COLUMNS = Set.of("respondent", "responseid", "respondentid");
  /** How far down a Qualtrics export's import ids may be: the records of the column names and the question texts. */
  private static final int QUALTRICS_HEADER_RECORDS = 3;
  /**
   * The most lines a record may span: a header row holds every question's text, each maybe over several lines (a
   * file is read whole, so a stray quote costs at most this many lines read again).
   */
  private static final int MAX_RECORD_LINES = 500;

  private final Map<String, List<String>> itemsByConstruct;
  private final List<String> respondents;
  private final Map<String, String> anchors;
  private final Map<String, Map<String, Integer>> scores;
  private final SurveyOptions options;
  private final int leftOut;
  private final List<String> unreadColumns;
  private final List<String> notes;

  private SurveyFile(Map<String, List<String>> itemsByConstruct, List<String> respondents, Map<String, String> anchors,
      Map<String, Map<String, Integer>> scores, SurveyOptions options, int leftOut, List<String> unreadColumns,
      List<String> notes) {
    this.itemsByConstruct = itemsByConstruct;
    this.respondents = respondents;
    this.anchors = anchors;
    this.scores = scores;
    this.options = options;
    this.leftOut = leftOut;
    this.unreadColumns = unreadColumns;
    this.notes = notes;
  }

  /** How the layout of a survey tool's export was read, for the user to check: no respondent column, a two-line header. */
  public List<String> notes() { return notes; }

  /** Respondents left out for a missing answer (listwise). */
  public int leftOut() { return leftOut; }

  /** Columns of a wide file that the mapping does not name, in file order. */
  public List<String> unreadColumns() { return unreadColumns; }

  /** Constructs in order of first appearance, each with its items in order of first appearance. */
  public Map<String, List<String>> itemsByConstruct() { return itemsByConstruct; }

  /** Respondents in order of first appearance. */
  public List<String> respondents() { return respondents; }

  /** Anchor each respondent rated, for responses that name one. */
  public Map<String, String> anchors() { return anchors; }

  /**
   * Respondents × {@code items} score matrix, rows in respondent order, reverse-keyed items reversed; a missing answer
   * (kept by --missing pairwise) is NaN.
   */
  public double[][] matrix(List<String> items) {
    double[][] m = new double[respondents.size()][items.size()];
    for (int i = 0; i < respondents.size(); i++) {
      Map<String, Integer> s = scores.get(respondents.get(i));
      for (int j = 0; j < items.size(); j++) {
        Integer answer = s.get(items.get(j));
        m[i][j] = answer == null ? Double.NaN : options.scored(items.get(j), answer);
      }
    }
    return m;
  }

  /** Every item, construct by construct. */
  public List<String> allItems() {
    return itemsByConstruct.values().stream().flatMap(List::stream).toList();
  }

  /** Reads {@code csv}: the wide layout when {@code mapping} is given, else the long layout. */
  public static SurveyFile read(Path csv, Path mapping, SurveyOptions options) {
    return mapping == null ? readLong(csv, options) : readWide(csv, mapping, options);
  }

  private static SurveyFile readLong(Path csv, SurveyOptions options) {
    Records lines = records(csv, "--input");
    char delimiter = lines.delimiter();
    Map<String, Integer> h = header(csv, lines, List.of("respondent", "construct", "item", "score"),
        "the long layout needs a header respondent,construct,item,score[,anchor_id]; for one column per item give --mapping");
    String anchorKey = options.anchorHeader().toLowerCase(Locale.ROOT);
    requireAnchorColumn(csv, options, h.containsKey(anchorKey));
    Builder b = new Builder(csv, options);
    for (int ln = 1; ln < lines.size(); ln++) {
      if (lines.text(ln).isBlank()) continue;
      int line = lines.line(ln);
      List<String> f = fields(lines.text(ln), delimiter, line, b.errors);
      if (f == null) continue;
      if (f.size() != h.size()) {
        b.error(line, "expected " + h.size() + " fields, found " + f.size());
        continue;
      }
      String respondent = f.get(h.get("respondent"));
      String construct = f.get(h.get("construct"));
      String item = f.get(h.get("item"));
      if (respondent.isEmpty() || construct.isEmpty() || item.isEmpty()) {
        b.error(line, "respondent, construct and item must not be empty");
        continue;
      }
      b.answer(line, respondent, h.containsKey(anchorKey) ? f.get(h.get(anchorKey)) : "", construct, item,
          f.get(h.get("score")));
    }
    return b.build(List.of(), List.of());
  }

  private static SurveyFile readWide(Path csv, Path mapping, SurveyOptions options) {
    Records mapLines = records(mapping, "--mapping");
    char mapDelimiter = mapLines.delimiter();
    Map<String, Integer> mh = header(mapping, mapLines, List.of("item", "construct"),
        "the mapping file needs a header item,construct");
    Map<String, String> constructOf = new LinkedHashMap<>();
    List<String> mapErrors = new ArrayList<>();
    for (int ln = 1; ln < mapLines.size(); ln++) {
      if (mapLines.text(ln).isBlank()) continue;
      int line = mapLines.line(ln);
      List<String> f = fields(mapLines.text(ln), mapDelimiter, line, mapErrors);
      if (f == null) continue;
      if (f.size() != mh.size() || f.get(mh.get("item")).isEmpty() || f.get(mh.get("construct")).isEmpty()) {
        mapErrors.add("line " + line + ": expected item,construct");
      } else if (constructOf.put(f.get(mh.get("item")), f.get(mh.get("construct"))) != null) {
        mapErrors.add("line " + line + ": item " + f.get(mh.get("item")) + " is mapped twice");
      }
    }
    fail(mapping, mapErrors);
    Records lines = records(csv, "--input");
    if (lines.size() == 0) throw new IllegalArgumentException(csv + ": the file is empty");
    char delimiter = lines.delimiter();
    List<String> header = headerFields(csv, lines.text(0), delimiter);
    List<String> notes = new ArrayList<>();
    int first = firstResponse(lines);
    if (first > 1) {
      notes.add("a Qualtrics export: lines 2 to " + lines.lastLine(first - 1) + " (its question texts and import ids) "
          + "are read as header");
    }
    List<String> named = surveyMonkeyNames(header, lines);
    if (named != null) {
      header = named;
      first = 2;
      int from = lines.line(1);
      int to = lines.lastLine(1);
      notes.add("a SurveyMonkey export: line" + (to > from ? "s " + from + " to " + to + " are" : " " + from + " is")
          + " read as header, a matrix question's columns named by their statements");
    }
    int respondentCol = -1;
    int anchorCol = -1;
    for (int c = 0; c < header.size(); c++) {
      String name = columnKey(header.get(c));
      if (respondentCol < 0 && RESPONDENT_COLUMNS.contains(name)) {
        respondentCol = c;
      } else if (anchorCol < 0 && (options.anchorColumn() == null ? name.equals("anchorid")
          : header.get(c).equalsIgnoreCase(options.anchorHeader()))) {
        anchorCol = c;
      }
    }
    requireAnchorColumn(csv, options, anchorCol >= 0);
    // R's write.csv names its row-name column "": the respondents' numbers.
    if (respondentCol < 0 && header.get(0).isEmpty()) respondentCol = 0;
    // A survey tool's export (Google Forms, Qualtrics, SurveyMonkey) has a line per response and may have no such column.
    boolean byLine = respondentCol < 0;
    if (byLine) notes.add("no respondent column: each line is one respondent, named by its line number");
    List<String> headerErrors = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    for (int c = 0; c < header.size(); c++) {
      if (c != respondentCol && c != anchorCol && !constructOf.containsKey(header.get(c))) unread.add(header.get(c));
    }
    for (String item : constructOf.keySet()) {
      if (!header.contains(item)) headerErrors.add("line 1: item " + item + " of the mapping file has no column");
    }
    fail(csv, headerErrors);
    Builder b = new Builder(csv, options);
    for (int ln = first; ln < lines.size(); ln++) {
      if (lines.text(ln).isBlank()) continue;
      int line = lines.line(ln);
      List<String> f = fields(lines.text(ln), delimiter, line, b.errors);
      if (f == null) continue;
      if (f.size() != header.size()) {
        b.error(line, "expected " + header.size() + " fields, found " + f.size());
        continue;
      }
      String respondent = byLine ? "line " + line : f.get(respondentCol);
      if (respondent.isEmpty()) {
        b.error(line, "respondent must not be empty");
        continue;
      }
      for (int c = 0; c < header.size(); c++) {
        if (c == respondentCol || c == anchorCol || !constructOf.containsKey(header.get(c))) continue;
        b.answer(line, respondent, anchorCol < 0 ? "" : f.get(anchorCol), constructOf.get(header.get(c)), header.get(c), f.get(c));
      }
    }
    return b.build(unread, notes);
  }

  /** Refuses an --anchor-column the header does not have. */
  private static void requireAnchorColumn(Path csv, SurveyOptions options, boolean found) {
    if (options.anchorColumn() != null && !found) {
      throw new IllegalArgumentException(csv + " line 1: no column '" + options.anchorColumn() + "' (--anchor-column)");
    }
  }

  /** Collects answers and every problem, so one run reports the first few bad lines together. */
  private static final class Builder {
    private final Path file;
    private final SurveyOptions options;
    /** Respondents with an answer given as missing, left out of the result when listwise. */
    private final Set<String> incomplete = new HashSet<>();
    private final List<String> errors = new ArrayList<>();
    /** Answers given as texts the scale does not have, each once: what --labels would have to name. */
    private final Set<String> unknownTexts = new LinkedHashSet<>();
    private final Map<String, List<String>> itemsByConstruct = new LinkedHashMap<>();
    private final Map<String, String> constructOfItem = new HashMap<>();
    private final List<String> respondents = new ArrayList<>();
    private final Map<String, String> anchors = new HashMap<>();
    private final Map<String, Map<String, Integer>> scores = new HashMap<>();

    Builder(Path file, SurveyOptions options) {
      this.file = file;
      this.options = options;
    }

    void error(int line, String message) { errors.add("line " + line + ": " + message); }

    void answer(int line, String respondent, String anchor, String construct, String item, String rawScore) {
      boolean missing = rawScore.isEmpty() || rawScore.equals("NA");
      Integer score = missing ? null : options.answer(rawScore);
      if (missing && options.missing() == SurveyOptions.Missing.REFUSE) {
        error(line, "the answer to item " + item + " is missing ('" + rawScore + "'): every respondent must answer "
            + "every item, or --missing listwise leaves out respondents with a missing answer (pairwise, the answer)");
        return;
      }
      if (score == null && !missing) {
        if (SurveyOptions.numeric(rawScore)) {
          error(line, "score '" + rawScore + "' of item " + item + " is " + options.offTheScale());
        } else {
          unknownTexts.add(rawScore.trim());
          error(line, "score '" + rawScore + "' of item " + item + " is not an answer on the scale");
        }
        return;
      }
      String known = constructOfItem.putIfAbsent(item, construct);
      if (known != null && !known.equals(construct)) {
        error(line, "item " + item + " is in construct " + known + " on an earlier line, here in " + construct);
        return;
      }
      if (known == null) itemsByConstruct.computeIfAbsent(construct, c -> new ArrayList<>()).add(item);
      if (!scores.containsKey(respondent)) {
        respondents.add(respondent);
        scores.put(respondent, new HashMap<>());
        if (!anchor.isEmpty()) anchors.put(respondent, anchor);
      } else if (!anchor.equals(anchors.getOrDefault(respondent, ""))) {
        error(line, "respondent " + respondent + " names anchor '" + anchor + "' here and '"
            + anchors.getOrDefault(respondent, "") + "' on an earlier line");
        return;
      }
      if (missing) {
        incomplete.add(respondent);
      } else if (scores.get(respondent).put(item, score) != null) {
        error(line, "respondent " + respondent + " answers item " + item + " twice");
      }
    }

    SurveyFile build(List<String> unreadColumns, List<String> notes) {
      List<String> all = new ArrayList<>(notes);
      if (!unknownTexts.isEmpty()) {
        errors.add(0, options.unknownTexts(unknownTexts.stream().limit(MAX_REPORTED * 2).toList()));
      }
      if (errors.isEmpty() && respondents.isEmpty()) errors.add("no responses");
      int missingAnswers = 0;
      for (String r : respondents) {
        for (Map.Entry<String, List<String>> c : itemsByConstruct.entrySet()) {
          for (String item : c.getValue()) {
            if (scores.get(r).containsKey(item)) continue;
            switch (options.missing()) {
              case REFUSE -> errors.add("respondent " + r + " has no score for item " + item + " (construct " + c.getKey() + ")");
              case LISTWISE -> incomplete.add(r);
              case PAIRWISE -> missingAnswers++;
            }
          }
        }
      }
      int asked = respondents.size() * constructOfItem.size();
      if (missingAnswers > 0) {
        all.add(missingAnswers + " of " + asked + " answers are missing: each pair of items is taken over the "
            + "respondents who answered both (--missing pairwise)");
      }
      List<String> allItems = itemsByConstruct.values().stream().flatMap(List::stream).toList();
      for (String item : new TreeSet<>(options.reverseKeyed())) {
        if (!allItems.contains(item)) errors.add("--reverse-keyed names item " + item + ", which the survey does not have");
      }
      List<String> complete = options.missing() == SurveyOptions.Missing.LISTWISE
          ? respondents.stream().filter(r -> !incomplete.contains(r)).toList() : respondents;
      if (errors.isEmpty() && complete.isEmpty() && !respondents.isEmpty()) {
        errors.add("every one of the " + respondents.size() + " respondents has a missing answer");
      }
      fail(file, errors);
      return new SurveyFile(itemsByConstruct, complete, anchors, scores, options, respondents.size() - complete.size(),
          List.copyOf(unreadColumns), List.copyOf(all));
    }
  }

  private static void fail(Path file, List<String> errors) {
    if (errors.isEmpty()) return;
    String shown = String.join("; ", errors.subList(0, Math.min(MAX_REPORTED, errors.size())));
    throw new IllegalArgumentException(file + ": " + shown
        + (errors.size() > MAX_REPORTED ? " (and " + (errors.size() - MAX_REPORTED) + " more problems)" : ""));
  }

  /**
   * A CSV file's records (a line each, or the lines an answer or question text with line breaks spans) and its
   * delimiter (a comma, or the semicolon, tab or bar its header uses instead).
   */
  private record Records(List<CsvRecords.Record> all, char delimiter) {
    int size() { return all.size(); }

    String text(int i) { return all.get(i).text(); }

    /** The line record {@code i} starts at, which messages name. */
    int line(int i) { return (int) all.get(i).line(); }

    int lastLine(int i) { return (int) all.get(i).lastLine(); }
  }

  private static Records records(Path file, String flag) {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException(flag + " " + file + ": no such file");
    try {
      List<String> lines = LocalFiles.utf8Lines(file);
      char delimiter = lines.isEmpty() ? ',' : CsvLine.delimiter(lines.get(0));
      return new Records(CsvRecords.of(lines, delimiter, MAX_RECORD_LINES), delimiter);
    } catch (CharacterCodingException e) {
      // What a spreadsheet's plain CSV is: the computer's code page (Windows-1252 for "José"), not UTF-8.
      throw new IllegalArgumentException(flag + " " + file + ": not UTF-8 text; save it as CSV UTF-8");
    } catch (IOException e) {
      throw new IllegalArgumentException(flag + " " + file + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  private static Map<String, Integer> header(Path file, Records lines, List<String> required, String hint) {
    if (lines.size() == 0) throw new IllegalArgumentException(file + ": the file is empty");
    Map<String, Integer> h = new LinkedHashMap<>();
    List<String> names = headerFields(file, lines.text(0), lines.delimiter());
    for (int i = 0; i < names.size(); i++) h.put(names.get(i).toLowerCase(Locale.ROOT), i);
    for (String r : required) {
      if (!h.containsKey(r)) throw new IllegalArgumentException(file + " line 1: no column '" + r + "': " + hint);
    }
    return h;
  }

  private static List<String> headerFields(Path file, String header, char delimiter) {
    List<String> problems = new ArrayList<>();
    List<String> names = fields(header, delimiter, 1, problems);
    if (names == null) throw new IllegalArgumentException(file + " " + problems.get(0));
    return names;
  }

  /**
   * The index of the first response record: 1, or, in a Qualtrics export, the record after its import ids
   * ({"ImportId":"QID1_1"} per column), which follow the question texts.
   */
  private static int firstResponse(Records lines) {
    for (int ln = 1; ln < Math.min(lines.size(), QUALTRICS_HEADER_RECORDS); ln++) {
      try {
        List<String> f = CsvLine.parse(lines.text(ln), lines.delimiter());
        if (f.stream().anyMatch(v -> !v.isBlank())
            && f.stream().allMatch(v -> v.isBlank() || v.strip().startsWith("{\"ImportId\""))) {
          return ln + 1;
        }
      } catch (IllegalArgumentException e) {
        // not CSV: not the import ids
      }
    }
    return 1;
  }

  /**
   * The column names of a SurveyMonkey export, or null when {@code lines} is not one. Its second line is header too,
   * told by its empty Respondent ID: under a question of one answer it reads Response (or Open-Ended Response), and
   * under the columns of a matrix question, written once above the first, each row's statement, which names the
   * column; a statement two matrices share is named "question - statement".
   */
  private static List<String> surveyMonkeyNames(List<String> header, Records lines) {
    int id = -1;
    for (int c = 0; c < header.size() && id < 0; c++) {
      if (columnKey(header.get(c)).equals("respondentid")) id = c;
    }
    if (id < 0 || lines.size() < 2) return null;
    List<String> second = fields(lines.text(1), lines.delimiter(), lines.line(1), new ArrayList<>());
    if (second == null || second.size() != header.size() || !second.get(id).isEmpty()
        || second.stream().allMatch(String::isEmpty)) {
      return null;
    }
    List<String> names = new ArrayList<>();
    List<String> questions = new ArrayList<>();
    String question = "";
    for (int c = 0; c < header.size(); c++) {
      if (!header.get(c).isEmpty()) question = header.get(c);
      String sub = second.get(c);
      boolean oneAnswer = sub.isEmpty() || sub.equals("Response") || sub.equals("Open-Ended Response");
      names.add(oneAnswer ? header.get(c) : sub);
      questions.add(question);
    }
    Map<String, Integer> uses = new HashMap<>();
    for (String n : names) uses.merge(n, 1, Integer::sum);
    for (int c = 0; c < names.size(); c++) {
      if (uses.get(names.get(c)) > 1 && !names.get(c).equals(questions.get(c))) {
        names.set(c, questions.get(c) + " - " + names.get(c));
      }
    }
    return names;
  }

  /** A header's name as the respondent and anchor columns are told by: lower case, spaces and underscores left out. */
  private static String columnKey(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[ _]", "");
  }

  /** The trimmed fields of one line, or null when it is not CSV, which is added to {@code errors}. */
  private static List<String> fields(String text, char delimiter, int line, List<String> errors) {
    try {
      return CsvLine.parse(text, delimiter).stream().map(String::trim).toList();
    } catch (IllegalArgumentException e) {
      errors.add("line " + line + ": not CSV: " + e.getMessage());
      return null;
    }
  }
}
