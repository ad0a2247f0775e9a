package dev.slo4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an alert annotation as Prometheus reads it: a Go {@code text/template} with Prometheus's variables
 * ({@code $labels}, {@code $externalLabels}, {@code $externalURL}, {@code $value}) and functions. A broken template
 * passes slo4j otherwise and fails only when Prometheus (or {@code promtool check rules}) loads the rules; this finds
 * it at generate time and says where.
 *
 * <p>It follows Go's template lexer and parser closely but not completely: it accepts what they accept for the
 * templates alert annotations use (variables, fields, literals, function calls, pipelines, {@code if}/{@code range}/
 * {@code with}/{@code else}/{@code end}, comments, trim markers), and rejects, with a message saying so,
 * {@code define}, {@code block} and {@code template}, functions newer than Prometheus 2.42, and number forms other than
 * plain decimals and hex. Text outside {@code {{ }}} is never a problem (a lone {@code }}} is text).
 */
final class AlertTemplates {

  private static final Set<String> FUNCTIONS = Set.of(
      // Go's builtins
      "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery",
      "eq", "ge", "gt", "le", "lt", "ne",
      // Prometheus 2.42's
      "query", "first", "label", "value", "strvalue", "args", "reReplaceAll", "safeHtml", "match", "title", "toUpper",
      "toLower", "graphLink", "tableLink", "sortByLabel", "humanize", "humanize1024", "humanizeDuration",
      "humanizePercentage", "humanizeTimestamp", "toTime", "pathPrefix", "externalURL", "parseDuration", "stripPort");
  private static final Set<String> KEYWORDS = Set.of("if", "else", "end", "range", "with", "define", "block",
      "template", "break", "continue");
  private static final Set<String> PREDEFINED = Set.of("$", "$labels", "$externalLabels", "$externalURL", "$value");

  private AlertTemplates() {}

  /** The first problem of {@code text} as a template, with its position, or empty when Prometheus would parse it. */
  static Optional<String> check(String text) {
    try {
      new Parser(text).run();
      return Optional.empty();
    } catch (TemplateError e) {
      return Optional.of(e.getMessage());
    }
  }

  private static final class TemplateError extends RuntimeException {
    TemplateError(String text, int at, String message) {
      super(message + " at " + position(text, at));
    }

    private static String position(String text, int at) {
      int line = 1;
      int col = 1;
      for (int i = 0; i < Math.min(at, text.length()); i++) {
        if (text.charAt(i) == '\n') {
          line++;
          col = 1;
        } else {
          col++;
        }
      }
      return "line " + line + ", column " + col + " (character " + (at + 1) + ")";
    }
  }

  private enum T { STRING, RAW, CHAR, NUMBER, VAR, FIELD, DOT, IDENT, KEYWORD, PIPE, LPAREN, RPAREN, DECLARE, ASSIGN,
    COMMA, BOOL_OR_NIL }

  private record Tok(T type, String text, int at) {}

  private static final class Parser {
    private final String s;
    private final Deque<String> blocks = new ArrayDeque<>();
    private final Deque<Set<String>> scopes = new ArrayDeque<>();
    private List<Tok> toks;
    private int p;
    private int actionAt;

    Parser(String s) {
      this.s = s;
      scopes.push(new HashSet<>(PREDEFINED));
    }

    void run() {
      int i = 0;
      while (true) {
        int open = s.indexOf("{{", i);
        if (open < 0) {
          break;
        }
        actionAt = open;
        i = action(open);
      }
      if (!blocks.isEmpty()) {
        throw new TemplateError(s, s.length(), "unexpected end of the text: {{ " + blocks.peek()
            + " }} is not closed by {{ end }}");
      }
    }

    /** Lexes and parses the action at {@code open}; returns where the text after it starts. */
    private int action(int open) {
      int i = open + 2;
      if (i + 1 < s.length() && s.charAt(i) == '-' && isSpace(s.charAt(i + 1))) {
        i += 2; // left trim marker
      }
      if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        if (end < 0) {
          throw new TemplateError(s, i, "unclosed comment");
        }
        int after = end + 2;
        if (s.startsWith("}}", after)) {
          return after + 2;
        }
        if (s.startsWith(" -}}", after)) {
          return after + 4;
        }
        throw new TemplateError(s, after, "comment ends before the closing }}");
      }
      toks = new ArrayList<>();
      while (true) {
        if (i >= s.length()) {
          throw new TemplateError(s, open, "unclosed action: {{ without }}");
        }
        char c = s.charAt(i);
        if (s.startsWith("}}", i)) {
          i += 2;
          break;
        }
        if (isSpace(c)) {
          int j = i;
          while (j < s.length() && isSpace(s.charAt(j))) {
            j++;
          }
          if (s.startsWith("-}}", j)) {
            i = j + 3; // right trim marker
            break;
          }
          i = j;
          continue;
        }
        i = token(i);
      }
      p = 0;
      parseAction();
      return i;
    }

    private int token(int i) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> {
          return quoted(i, '"', T.STRING, "unterminated quoted string");
        }
        case '\'' -> {
          return quoted(i, '\'', T.CHAR, "unterminated character constant");
        }
        case '`' -> {
          int end = s.indexOf('`', i + 1);
          if (end < 0) {
            throw new TemplateError(s, i, "unterminated raw quoted string");
          }
          toks.add(new Tok(T.RAW, s.substring(i, end + 1), i));
          return end + 1;
        }
        case '|' -> {
          toks.add(new Tok(T.PIPE, "|", i));
          return i + 1;
        }
        case '(' -> {
          toks.add(new Tok(T.LPAREN, "(", i));
          return i + 1;
        }
        case ')' -> {
          toks.add(new Tok(T.RPAREN, ")", i));
          return i + 1;
        }
        case ',' -> {
          toks.add(new Tok(T.COMMA, ",", i));
          return i + 1;
        }
        case '=' -> {
          toks.add(new Tok(T.ASSIGN, "=", i));
          return i + 1;
        }
        case ':' -> {
          if (s.startsWith(":=", i)) {
            toks.add(new Tok(T.DECLARE, ":=", i));
            return i + 2;
          }
          throw new TemplateError(s, i, "expected :=");
        }
        case '$' -> {
          int j = word(i + 1);
          toks.add(new Tok(T.VAR, s.substring(i, j), i));
          return fields(j);
        }
        case '.' -> {
          if (i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
            return number(i);
          }
          int j = fields(i);
          if (j == i) {
            toks.add(new Tok(T.DOT, ".", i));
            return i + 1;
          }
          return j;
        }
        default -> {
          if (c == '+' || c == '-' || Character.isDigit(c)) {
            return number(i);
          }
          if (isWordChar(c)) {
            int j = word(i);
            String w = s.substring(i, j);
            T type = KEYWORDS.contains(w) ? T.KEYWORD : w.equals("true") || w.equals("false") || w.equals("nil")
                ? T.BOOL_OR_NIL : T.IDENT;
            toks.add(new Tok(type, w, i));
            return fields(j);
          }
          throw new TemplateError(s, i, "unrecognized character in action: U+"
              + String.format("%04X", (int) c));
        }
      }
    }

    /** {@code .Field.Field} right after an operand, each as a FIELD token; returns where they end. */
    private int fields(int i) {
      while (i + 1 < s.length() && s.charAt(i) == '.' && isWordChar(s.charAt(i + 1))) {
        int j = word(i + 1);
        toks.add(new Tok(T.FIELD, s.substring(i, j), i));
        i = j;
      }
      if (i < s.length() && s.charAt(i) == '.' && !(i + 1 < s.length() && isWordChar(s.charAt(i + 1)))
          && !toks.isEmpty() && toks.get(toks.size() - 1).at() + toks.get(toks.size() - 1).text().length() == i) {
        throw new TemplateError(s, i, "bad character after '.'");
      }
      return i;
    }

    private int word(int i) {
      while (i < s.length() && isWordChar(s.charAt(i))) {
        i++;
      }
      return i;
    }

    private int quoted(int i, char quote, T type, String unterminated) {
      int j = i + 1;
      while (true) {
        if (j >= s.length() || s.charAt(j) == '\n') {
          throw new TemplateError(s, i, unterminated);
        }
        char c = s.charAt(j);
        if (c == '\\') {
          if (j + 1 >= s.length() || s.charAt(j + 1) == '\n') {
            throw new TemplateError(s, i, unterminated);
          }
          j += 2;
          continue;
        }
        if (c == quote) {
          break;
        }
        j++;
      }
      String lit = s.substring(i, j + 1);
      checkEscapes(lit, i, quote);
      toks.add(new Tok(type, lit, i));
      return j + 1;
    }

    /** Go's escapes in a "string" or 'c' (strconv.Unquote); a character constant holds exactly one character. */
    private void checkEscapes(String lit, int at, char quote) {
      int chars = 0;
      for (int k = 1; k < lit.length() - 1; k++) {
        char c = lit.charAt(k);
        chars++;
        if (Character.isHighSurrogate(c) && k + 1 < lit.length() - 1 && Character.isLowSurrogate(lit.charAt(k + 1))) {
          k++;
          continue;
        }
        if (Character.isSurrogate(c)) {
          throw new TemplateError(s, at + k, "invalid character in a quoted string");
        }
        if (c != '\\') {
          continue;
        }
        char e = lit.charAt(++k);
        int hex = switch (e) {
          case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> 0;
          case 'x' -> 2;
          case 'u' -> 4;
          case 'U' -> 8;
          case '0', '1', '2', '3', '4', '5', '6', '7' -> -3;
          default -> {
            if (e == quote) {
              yield 0;
            }
            throw new TemplateError(s, at + k - 1, "invalid escape sequence \\" + e + " in a quoted string");
          }
        };
        if (hex == -3) {
          String oct = k + 3 <= lit.length() - 1 ? lit.substring(k, k + 3) : "";
          if (!oct.matches("[0-7]{3}") || Integer.parseInt(oct, 8) > 255) {
            throw new TemplateError(s, at + k - 1, "invalid octal escape in a quoted string");
          }
          k += 2;
        } else if (hex > 0) {
          String digits = k + 1 + hex <= lit.length() - 1 ? lit.substring(k + 1, k + 1 + hex) : "";
          if (!digits.matches("[0-9a-fA-F]{" + hex + "}")) {
            throw new TemplateError(s, at + k - 1, "invalid \\" + e + " escape in a quoted string");
          }
          long v = Long.parseLong(digits, 16);
          if (hex > 2 && (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000))) {
            throw new TemplateError(s, at + k - 1, "escape sequence is not a valid Unicode code point");
          }
          k += hex;
        }
      }
      if (quote == '\'' && chars != 1) {
        throw new TemplateError(s, at, "malformed character constant " + lit);
      }
    }

    private int number(int i) {
      int j = i;
      while (j < s.length() && (isWordChar(s.charAt(j)) || s.charAt(j) == '.' || s.charAt(j) == '+'
          || s.charAt(j) == '-')) {
        if ((s.charAt(j) == '+' || s.charAt(j) == '-') && j > i && s.charAt(j - 1) != 'e' && s.charAt(j - 1) != 'E') {
          break;
        }
        j++;
      }
      String n = s.substring(i, j);
      if (!n.matches("[+-]?(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?|0[xX][0-9a-fA-F]+)")) {
        throw new TemplateError(s, i, "bad number syntax: " + n
            + " (slo4j accepts decimal and hexadecimal numbers)");
      }
      String digits = n.replaceFirst("^[+-]", "");
      boolean integer = !digits.matches(".*[.eE].*") || digits.matches("0[xX].*");
      if (integer && digits.length() > 1 && digits.startsWith("0") && !digits.matches("0[xX].*")) {
        throw new TemplateError(s, i, "bad number syntax: " + n + " (a leading 0 makes it octal)");
      }
      boolean fits;
      if (integer) {
        java.math.BigInteger v = digits.matches("0[xX].*")
            ? new java.math.BigInteger(digits.substring(2), 16) : new java.math.BigInteger(digits);
        fits = v.bitLength() <= 63;
      } else {
        fits = Double.isFinite(Double.parseDouble(digits));
      }
      if (!fits) {
        throw new TemplateError(s, i, "number out of range: " + n);
      }
      toks.add(new Tok(T.NUMBER, n, i));
      return j;
    }

    // ---- parser over the tokens of one action ----

    private Tok peek() {
      return p < toks.size() ? toks.get(p) : null;
    }

    private TemplateError error(Tok at, String message) {
      return new TemplateError(s, at == null ? actionAt : at.at(), message);
    }

    private void parseAction() {
      Tok first = peek();
      if (first == null) {
        throw error(null, "missing value for command: empty {{ }}");
      }
      if (first.type() == T.KEYWORD) {
        p++;
        switch (first.text()) {
          case "if", "range", "with" -> {
            scopes.push(new HashSet<>());
            pipeline(first.text(), first.text().equals("range") ? 2 : 1);
            blocks.push(first.text());
          }
          case "else" -> {
            if (blocks.isEmpty()) {
              throw error(first, "unexpected {{ else }} outside if, range or with");
            }
            if (blocks.peek().endsWith(" else")) {
              throw error(first, "expected {{ end }}, found a second {{ else }}");
            }
            Tok next = peek();
            if (next == null) {
              blocks.push(blocks.pop() + " else");
            } else {
              if (next.type() == T.KEYWORD && next.text().equals("if")) {
                p++;
                pipeline(next.text(), 1);
              } else {
                throw error(next, "unexpected " + next.text() + " after else");
              }
            }
          }
          case "end" -> {
            if (blocks.isEmpty()) {
              throw error(first, "unexpected {{ end }}: nothing to close");
            }
            blocks.pop();
            scopes.pop();
          }
          default -> throw error(first, "{{ " + first.text()
              + " }} is not supported in slo4j's annotations; write the text out");
        }
        if (peek() != null) {
          throw error(peek(), "unexpected " + peek().text() + " in {{ " + first.text() + " }}");
        }
        return;
      }
      pipeline("command", 1);
      if (peek() != null) {
        throw error(peek(), "unexpected " + peek().text() + " in action");
      }
    }

    /** [$x[, $y] (:= | =)] command (| command)*. */
    private void pipeline(String context, int maxVars) {
      int save = p;
      List<String> declared = new ArrayList<>();
      boolean declaring = false;
      while (peek() != null && peek().type() == T.VAR) {
        Tok v = toks.get(p);
        Tok op = p + 1 < toks.size() ? toks.get(p + 1) : null;
        if (op != null && (op.type() == T.DECLARE || op.type() == T.ASSIGN)) {
          if (op.type() == T.ASSIGN && !isDeclared(v.text())) {
            throw error(v, "undefined variable " + v.text());
          }
          declared.add(v.text());
          p += 2;
          declaring = true;
          break;
        }
        if (op != null && op.type() == T.COMMA && maxVars > 1 && declared.isEmpty()) {
          declared.add(v.text());
          p += 2;
          continue;
        }
        break;
      }
      if (!declaring) {
        p = save;
        declared.clear();
      }
      if (peek() == null || peek().type() == T.PIPE || peek().type() == T.RPAREN) {
        throw error(peek(), "missing value for " + context);
      }
      int stage = 1;
      while (true) {
        command(stage);
        if (peek() != null && peek().type() == T.PIPE) {
          p++;
          stage++;
          if (peek() == null || peek().type() == T.PIPE || peek().type() == T.RPAREN) {
            throw error(peek(), "missing command after |");
          }
          continue;
        }
        break;
      }
      scopes.peek().addAll(declared);
    }

    private void command(int stage) {
      Tok first = peek();
      int args = 0;
      while (peek() != null && peek().type() != T.PIPE && peek().type() != T.RPAREN) {
        Tok t = peek();
        if (args == 0 && stage > 1 && (t.type() == T.STRING || t.type() == T.RAW || t.type() == T.CHAR
            || t.type() == T.NUMBER || t.type() == T.DOT || t.type() == T.BOOL_OR_NIL)) {
          throw error(t, "non executable command in pipeline stage " + stage);
        }
        if (args == 0 && t.text().equals("nil")) {
          throw error(t, "nil is not a command");
        }
        operand();
        args++;
      }
      if (args == 0) {
        throw error(first, "missing value for command");
      }
    }

    private void operand() {
      Tok t = peek();
      p++;
      switch (t.type()) {
        case STRING, RAW, CHAR, NUMBER, DOT, BOOL_OR_NIL -> {
          if (peek() != null && peek().type() == T.FIELD && peek().at() == t.at() + t.text().length()) {
            throw error(peek(), "unexpected . after term " + t.text());
          }
        }
        case VAR -> {
          if (!isDeclared(t.text())) {
            throw error(t, "undefined variable " + t.text());
          }
          skipFields();
        }
        case FIELD -> skipFields();
        case IDENT -> {
          if (!FUNCTIONS.contains(t.text())) {
            throw error(t, "function \"" + t.text() + "\" not defined");
          }
          if (peek() != null && peek().type() == T.FIELD && peek().at() == t.at() + t.text().length()) {
            throw error(peek(), "unexpected . after function " + t.text());
          }
        }
        case LPAREN -> {
          pipeline("parenthesized pipeline", 1);
          if (peek() == null || peek().type() != T.RPAREN) {
            throw error(peek(), "unclosed left paren");
          }
          p++;
          skipFields();
        }
        case DECLARE, ASSIGN, COMMA -> throw error(t, "unexpected \"" + t.text() + "\" in operand");
        case KEYWORD -> throw error(t, "unexpected keyword " + t.text() + " in operand");
        default -> throw error(t, "unexpected " + t.text() + " in operand");
      }
    }

    private void skipFields() {
      while (peek() != null && peek().type() == T.FIELD) {
        p++;
      }
    }

    private boolean isDeclared(String var) {
      for (Set<String> scope : scopes) {
        if (scope.contains(var)) {
          return true;
        }
      }
      return false;
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isWordChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }
}
