package dev.slo4j.maven;

import java.util.ArrayList;
import java.util.List;

/**
 * A short unified-style diff of a checked-in file against what the build renders now. It exists so that a failed
 * {@code slo4j:check} shows in the build log which thresholds or labels changed (for example a page threshold of
 * {@code 0.0144} that is now {@code 0.144}) without the reader having to regenerate and run {@code git diff} first.
 *
 * <p>Kept free of the Maven API so it is tested as plain Java. Lines are compared after dropping {@code \r}, so a
 * checkout with Windows line endings is not reported as stale.
 */
final class StaleFileDiff {

  /** How many changed lines ({@code -} and {@code +}) are printed before the rest is summarised. */
  public static final int DEFAULT_MAX_LINES = 20;

  /** Above this many cells (old lines times new lines between the common head and tail) no alignment is attempted. */
  private static final long MAX_CELLS = 4_000_000L;

  private StaleFileDiff() {
  }

  /** Whether two contents are the same file once line endings are normalised. */
  public static boolean sameContent(String checkedIn, String generated) {
    return normalize(checkedIn).equals(normalize(generated));
  }

  /**
   * The diff of {@code checkedIn} (lines {@code -}) against {@code generated} (lines {@code +}), printing at most
   * {@code maxLines} changed lines; empty when they are the same.
   *
   * @param name the file as the reader knows it, used in the {@code ---}/{@code +++} header
   */
  public static String diff(String name, String checkedIn, String generated, int maxLines) {
    List<String> a = lines(checkedIn);
    List<String> b = lines(generated);
    if (a.equals(b)) {
      return "";
    }
    List<Edit> edits = edits(a, b);
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(name).append(" (checked in)\n");
    out.append("+++ ").append(name).append(" (generated now)\n");
    int printed = 0;
    int total = 0;
    int i = 0;
    while (i < edits.size()) {
      Edit e = edits.get(i);
      if (e.op == ' ') {
        i++;
        continue;
      }
      // One hunk: a run of consecutive changes, no context lines (the header's line numbers locate it).
      int j = i;
      int removed = 0;
      int added = 0;
      while (j < edits.size() && edits.get(j).op != ' ') {
        if (edits.get(j).op == '-') {
          removed++;
        } else {
          added++;
        }
        j++;
      }
      total += removed + added;
      if (printed < maxLines) {
        out.append("@@ -").append(e.oldLine).append(',').append(removed)
            .append(" +").append(e.newLine).append(',').append(added).append(" @@\n");
        for (int k = i; k < j && printed < maxLines; k++) {
          if (edits.get(k).op == '-') {
            out.append('-').append(edits.get(k).text).append('\n');
            printed++;
          }
        }
        for (int k = i; k < j && printed < maxLines; k++) {
          if (edits.get(k).op == '+') {
            out.append('+').append(edits.get(k).text).append('\n');
            printed++;
          }
        }
      }
      i = j;
    }
    if (total > printed) {
      out.append("... and ").append(total - printed).append(" more changed line").append(total - printed == 1 ? "" : "s")
          .append('\n');
    }
    return out.toString();
  }

  /** One line of the edit script: {@code ' '} kept, {@code '-'} only checked in, {@code '+'} only generated. */
  private record Edit(char op, String text, int oldLine, int newLine) {
  }

  private static List<Edit> edits(List<String> a, List<String> b) {
    int head = 0;
    while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
      head++;
    }
    int tail = 0;
    while (tail < a.size() - head && tail < b.size() - head
        && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
      tail++;
    }
    List<String> x = a.subList(head, a.size() - tail);
    List<String> y = b.subList(head, b.size() - tail);
    List<Edit> edits = new ArrayList<>();
    if ((long) x.size() * y.size() > MAX_CELLS) {
      // Too big to align cheaply: everything between the common head and tail is shown as replaced.
      for (int i = 0; i < x.size(); i++) {
        edits.add(new Edit('-', x.get(i), head + i + 1, head + 1));
      }
      for (int j = 0; j < y.size(); j++) {
        edits.add(new Edit('+', y.get(j), head + x.size() + 1, head + j + 1));
      }
      return edits;
    }
    // Longest common subsequence of the middle parts; lcs[i][j] is the LCS length of x[i..] and y[j..].
    int[][] lcs = new int[x.size() + 1][y.size() + 1];
    for (int i = x.size() - 1; i >= 0; i--) {
      for (int j = y.size() - 1; j >= 0; j--) {
        lcs[i][j] = x.get(i).equals(y.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < x.size() || j < y.size()) {
      int oldLine = head + i + 1;
      int newLine = head + j + 1;
      if (i < x.size() && j < y.size() && x.get(i).equals(y.get(j))) {
        edits.add(new Edit(' ', x.get(i), oldLine, newLine));
        i++;
        j++;
      } else if (j >= y.size() || (i < x.size() && lcs[i + 1][j] >= lcs[i][j + 1])) {
        edits.add(new Edit('-', x.get(i), oldLine, newLine));
        i++;
      } else {
        edits.add(new Edit('+', y.get(j), oldLine, newLine));
        j++;
      }
    }
    return edits;
  }

  private static String normalize(String s) {
    return s.replace("\r\n", "\n");
  }

  private static List<String> lines(String s) {
    String n = normalize(s);
    if (n.isEmpty()) {
      return List.of();
    }
    if (n.endsWith("\n")) {
      n = n.substring(0, n.length() - 1);
    }
    return List.of(n.split("\n", -1));
  }
}
