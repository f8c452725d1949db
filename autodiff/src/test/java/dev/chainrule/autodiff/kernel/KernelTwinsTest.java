package dev.chainrule.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Example;

/**
 * The float32 and float64 twins of the kernel loops stay in step, the way Guava keeps its primitive twins:
 * each pair is read from the source, its tokens normalised ({@code double}, {@code Double}, {@code f64},
 * {@code FLOAT64} become their float32 names, {@code (float)} casts go, {@code 0f} reads as {@code 0.0}),
 * and the two must then agree line for line.
 *
 * <p>A pair is either two methods of one class whose names and parameter lists agree once normalised
 * ({@code runs(double[]…)} and {@code runs(float[]…)}, {@code doubleColumns} and {@code floatColumns}), or the two halves
 * of a dtype branch: the block of {@code if (… == DType.FLOAT64) {…}} and the rest of the enclosing block
 * after it, or two whole files {@code DoubleX.java} and {@code FloatX.java}. Comments are ignored. Because {@code double} and {@code float} normalise to one word, a
 * float32 twin that accumulates in double is not told apart from one that does not; the kernels' own
 * tests pin precision.
 */
class KernelTwinsTest {
  private static final Path KERNELS = Path.of("src/main/java/dev/chainrule/autodiff/kernel");

  /** Pairs found when this test was written; fewer means the extraction stopped seeing some. */
  private static final int PAIRS_AT_LEAST = 36;

  /** Pairs that differ on purpose, by {@code File.method}, with the reason. */
  private static final Map<String, String> EXEMPT = Map.ofEntries(
      Map.entry("VectorMicroKernel.java tile", "a 256-bit vector holds 8 floats but 4 doubles, so the lane offsets differ"),
      Map.entry("VectorMicroKernel.java doubleColumns", "a tile is two vectors wide: 16 floats, 8 doubles"),
      Map.entry("VectorFourRowMicroKernel.java tile", "a 256-bit vector holds 8 floats but 4 doubles, so the lane offsets differ"),
      Map.entry("VectorFourRowMicroKernel.java doubleColumns", "a tile is two vectors wide: 16 floats, 8 doubles"),
      Map.entry("Vector512MicroKernel.java tile", "a 512-bit vector holds 16 floats but 8 doubles, so the tiles differ"),
      Map.entry("Vector512MicroKernel.java doubleColumns", "a tile is two vectors wide: 32 floats, 16 doubles"),
      Map.entry("Storage.java of", "the two dtypes fill different constructor slots"),
      Map.entry("Elementwise.java range", "float32 exp, logistic and tanh have Vector API loops; float64 has none"),
      Map.entry("CellLoops.java gateGradients", "float32 has a Vector API loop; float64 has none"),
      Map.entry("CellLoops.java sums", "float32 has a Vector API loop; float64 has none"),
      Map.entry("CellLoops.java cellStates", "float32 has a Vector API loop; float64 has none"),
      Map.entry("CellLoops.java products", "float32 has a Vector API loop; float64 has none"),
      Map.entry("Reductions.java addWidened", "float32 has a Vector API loop that widens to double; float64 has nothing to widen"));

  /** Normalised lines of a float64 twin that its float32 twin may replace, with the reason. */
  private static final Map<String, String> ALLOWED = Map.of(
      "return Storage . array ( shape , acc ) ;",
      "return NdArray . of ( Storage . narrowed ( shape , acc ) ) ;"); // float32 sums in double, rounds once

  @Example
  void everyTwinPairOfTheKernelsAgreesOnceNormalised() throws IOException {
    List<String> drifts = new ArrayList<>();
    int pairs = 0;
    for (Path file : sources()) {
      String name = file.getFileName().toString();
      List<Twins> found = new ArrayList<>(Twins.in(name, Files.readString(file)));
      Path floatTwin = file.resolveSibling(name.replaceFirst("^Double", "Float"));
      if (name.startsWith("Double") && Files.exists(floatTwin)) {
        found.add(Twins.files(name, Files.readString(file), Files.readString(floatTwin)));
      }
      for (Twins twins : found) {
        pairs++;
        drift(twins).ifPresent(drifts::add);
      }
    }
    assertTrue(drifts.isEmpty(), "twins drifted:\n" + String.join("\n", drifts));
    assertTrue(pairs >= PAIRS_AT_LEAST, "twins: expected at least " + PAIRS_AT_LEAST + " pairs; found " + pairs);
  }

  @Example
  void anOperatorChangedInOneMethodTwinIsReported() throws IOException {
    String source = Files.readString(KERNELS.resolve("Arithmetic.java"));
    String changed = replaceLast(source, "out[o + i] = x[xo + i] - y[yo + i]", "out[o + i] = x[xo + i] + y[yo + i]");
    String report = drifts("Arithmetic.java", changed);
    assertTrue(report.contains("Arithmetic.java runs") && report.contains("x[xo + i] + y[yo + i]"), report);
    assertEquals("", drifts("Arithmetic.java", source));
  }

  @Example
  void aLineChangedInTheFloatHalfOfADtypeBranchIsReported() throws IOException {
    String source = Files.readString(KERNELS.resolve("Patches.java"));
    String changed = replaceLast(source, "out[to + k * step] += in[from + k];", "out[to + k * step] = in[from + k];");
    String report = drifts("Patches.java", changed);
    assertTrue(report.contains("Patches.java fold") && report.contains("out[to + k * step] = in[from + k];"), report);
  }

  @Example
  void castsAndLiteralSuffixesOnlyTheFloatTwinNeedsAreNotDrift() {
    String source = "final class T {\n"
        + "  static void f(double[] x) { x[0] = Math.sqrt(x[1]) + 0.0; }\n"
        + "  static void f(float[] x) { x[0] = (float) (Math.sqrt(x[1]) + 0f); }\n"
        + "  static void g(double[] x) { x[0] = 1.5; }\n"
        + "  static void g(float[] x) { x[0] = 2.5f; }\n"
        + "}\n";
    assertEquals(2, Twins.in("T.java", source).size());
    String report = drifts("T.java", source);
    assertTrue(!report.contains("T.java f") && report.contains("T.java g"), report);
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(KERNELS)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    }
  }

  private static String drifts(String file, String source) {
    return Twins.in(file, source).stream()
        .map(KernelTwinsTest::drift).flatMap(Optional::stream).collect(Collectors.joining("\n"));
  }

  /** The first line where the normalised twins differ, naming the file, the pair and both lines. */
  private static Optional<String> drift(Twins twins) {
    if (EXEMPT.containsKey(twins.name())) {
      return Optional.empty();
    }
    List<Line> wide = twins.wide().lines();
    List<Line> narrow = twins.narrow().lines();
    for (int i = 0; i < Math.max(wide.size(), narrow.size()); i++) {
      Line w = i < wide.size() ? wide.get(i) : Line.END;
      Line n = i < narrow.size() ? narrow.get(i) : Line.END;
      if (!w.text().equals(n.text()) && !n.text().equals(ALLOWED.get(w.text()))) {
        return Optional.of(String.format("%s: float64 line %d `%s` vs float32 line %d `%s`",
            twins.name(), w.number(), twins.raw(w, twins.wideLines()), n.number(), twins.raw(n, twins.narrowLines())));
      }
    }
    return Optional.empty();
  }

  private static String replaceLast(String source, String target, String replacement) {
    int at = source.lastIndexOf(target);
    assertTrue(at >= 0, "not in the source: " + target);
    return source.substring(0, at) + replacement + source.substring(at + target.length());
  }

  /** One source token and the line it is on. */
  private record Token(String text, int line) {}

  /** One normalised source line; {@link #END} stands past the last line. */
  private record Line(String text, int number) {
    static final Line END = new Line("<end>", -1);
  }

  /** Tokens of one twin, as written. */
  private record Half(List<Token> tokens) {
    /** The normalised lines, in order. */
    List<Line> lines() {
      Map<Integer, List<String>> byLine = new LinkedHashMap<>();
      for (Token t : Normaliser.normalise(tokens)) {
        byLine.computeIfAbsent(t.line(), k -> new ArrayList<>()).add(t.text());
      }
      List<Line> lines = new ArrayList<>();
      byLine.forEach((number, words) -> lines.add(new Line(String.join(" ", words), number)));
      return lines;
    }
  }

  /**
   * A float64 twin ({@code wide}) and its float32 twin ({@code narrow}), named {@code File.java method},
   * with the source lines of each.
   */
  private record Twins(String name, List<String> wideLines, List<String> narrowLines, Half wide, Half narrow) {
    Twins(String name, List<String> sourceLines, Half wide, Half narrow) {
      this(name, sourceLines, sourceLines, wide, narrow);
    }

    String raw(Line line, List<String> lines) {
      return line == Line.END ? "<end>" : lines.get(line.number() - 1).strip();
    }

    /** Two whole files, {@code DoubleX.java} and {@code FloatX.java}. */
    static Twins files(String name, String wide, String narrow) {
      return new Twins(name + " / " + name.replaceFirst("^Double", "Float"),
          wide.lines().collect(Collectors.toList()), narrow.lines().collect(Collectors.toList()),
          new Half(Tokenizer.tokens(wide)), new Half(Tokenizer.tokens(narrow)));
    }

    /** The method pairs and dtype-branch pairs of one source file. */
    static List<Twins> in(String file, String source) {
      List<String> sourceLines = source.lines().collect(Collectors.toList());
      List<Token> tokens = Tokenizer.tokens(source);
      List<Method> methods = Method.members(tokens);
      List<Twins> pairs = new ArrayList<>();
      Map<String, List<Method>> overloads = methods.stream()
          .collect(Collectors.groupingBy(Method::normalisedSignature, LinkedHashMap::new, Collectors.toList()));
      for (List<Method> group : overloads.values()) {
        if (group.size() == 2 && !group.get(0).signature().equals(group.get(1).signature())) {
          boolean firstIsWide = group.get(0).signature().matches(".*(double|Double|f64).*");
          Method wide = group.get(firstIsWide ? 0 : 1);
          Method narrow = group.get(firstIsWide ? 1 : 0);
          pairs.add(new Twins(file + " " + wide.name(), sourceLines, new Half(wide.tokens()), new Half(narrow.tokens())));
        }
      }
      for (Method method : methods) {
        for (Half[] branch : Branches.in(method.tokens())) {
          pairs.add(new Twins(file + " " + method.name(), sourceLines, branch[0], branch[1]));
        }
      }
      return pairs;
    }
  }

  /** A method of the top-level class: its name, its raw parameter list and all its tokens. */
  private record Method(String name, String signature, List<Token> tokens) {
    String normalisedSignature() {
      return Normaliser.word(signature);
    }

    /** The methods with bodies declared directly in the first top-level type body. */
    static List<Method> members(List<Token> t) {
      List<Method> methods = new ArrayList<>();
      int depth = 0;
      int start = 0;
      for (int i = 0; i < t.size(); i++) {
        String s = t.get(i).text();
        if (s.equals("{") && depth == 1) {
          int end = Tokenizer.matching(t, i);
          method(t.subList(start, end + 1), i - start).ifPresent(methods::add);
          i = end;
          start = end + 1;
        } else if (s.equals("{")) {
          depth++;
          start = i + 1;
        } else if (s.equals("}")) {
          depth--;
        } else if (s.equals(";") && depth == 1) {
          start = i + 1;
        }
      }
      return methods;
    }

    private static Optional<Method> method(List<Token> member, int bodyAt) {
      for (int i = 1; i < bodyAt; i++) {
        String s = member.get(i).text();
        if (s.equals("=")) {
          return Optional.empty();
        }
        if (s.equals("(")) {
          String name = member.get(i - 1).text();
          int close = Tokenizer.matching(member, i);
          String parameters = member.subList(i, close + 1).stream().map(Token::text).collect(Collectors.joining(" "));
          return Optional.of(new Method(name, name + parameters, List.copyOf(member)));
        }
      }
      return Optional.empty();
    }
  }

  /** Dtype branches: {@code if (… == … FLOAT64) { wide }} followed, in the same block, by the narrow half. */
  private static final class Branches {
    static List<Half[]> in(List<Token> t) {
      List<Half[]> halves = new ArrayList<>();
      for (int i = 0; i + 1 < t.size(); i++) {
        if (!t.get(i).text().equals("if") || !t.get(i + 1).text().equals("(")) {
          continue;
        }
        int close = Tokenizer.matching(t, i + 1);
        boolean isDtypeTest = t.get(close - 1).text().equals("FLOAT64") && t.get(close - 2).text().matches("==|\\.");
        if (!isDtypeTest || !t.get(close + 1).text().equals("{")) {
          continue;
        }
        int wideEnd = Tokenizer.matching(t, close + 1);
        if (t.get(wideEnd + 1).text().equals("else")) {
          continue;
        }
        int narrowEnd = wideEnd + 1;
        for (int depth = 0; depth > 0 || !t.get(narrowEnd).text().equals("}"); narrowEnd++) {
          depth += t.get(narrowEnd).text().equals("{") ? 1 : t.get(narrowEnd).text().equals("}") ? -1 : 0;
        }
        List<Token> wide = t.subList(close + 2, wideEnd);
        List<Token> narrow = t.subList(wideEnd + 1, narrowEnd);
        if (endsWithBareReturn(wide) && !endsWithBareReturn(narrow)) {
          wide = wide.subList(0, wide.size() - 2); // the float64 half returns early, the float32 half falls off the end
        }
        halves.add(new Half[] {new Half(wide), new Half(narrow)});
      }
      return halves;
    }

    private static boolean endsWithBareReturn(List<Token> t) {
      return t.size() >= 2 && t.get(t.size() - 2).text().equals("return") && t.get(t.size() - 1).text().equals(";");
    }
  }

  /** Maps each float64 word to its float32 twin and drops what only the float32 twin needs. */
  private static final class Normaliser {
    static List<Token> normalise(List<Token> tokens) {
      List<Token> out = new ArrayList<>();
      boolean[] dropped = new boolean[tokens.size()];
      for (int i = 0; i < tokens.size(); i++) {
        if (isFloatCast(tokens, i)) {
          dropped[i] = dropped[i + 1] = dropped[i + 2] = true;
          if (i + 3 < tokens.size() && tokens.get(i + 3).text().equals("(")) {
            dropped[i + 3] = dropped[Tokenizer.matching(tokens, i + 3)] = true; // (float) (a + b) reads as a + b
          }
        }
      }
      for (int i = 0; i < tokens.size(); i++) {
        if (!dropped[i]) {
          out.add(new Token(word(tokens.get(i).text()), tokens.get(i).line()));
        }
      }
      return out;
    }

    private static boolean isFloatCast(List<Token> t, int i) {
      return i + 2 < t.size() && t.get(i).text().equals("(") && t.get(i + 1).text().equals("float")
          && t.get(i + 2).text().equals(")");
    }

    /** A word with every float64 name replaced by its float32 name, and float literals in one spelling. */
    static String word(String text) {
      if (text.matches("\\d[\\d.]*([eE][-+]?\\d+)?[fFdD]?|\\.\\d+([eE][-+]?\\d+)?[fFdD]?")
          && text.matches(".*[.eEfFdD].*")) {
        return Double.toString(Double.parseDouble(text.replaceAll("[fFdD]$", "")));
      }
      return text.replace("FLOAT64", "FLOAT32").replace("DOUBLE", "FLOAT").replace("Double", "Float")
          .replace("double", "float").replace("f64", "f32").replace("F64", "F32");
    }
  }

  /** Splits Java source into tokens, dropping comments and whitespace. */
  private static final class Tokenizer {
    private static final List<String> OPERATORS = List.of(
        ">>>=", "<<=", ">>=", "...", "->", "::", "==", "!=", "<=", ">=", "&&", "||", "++", "--",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=");

    static List<Token> tokens(String s) {
      List<Token> out = new ArrayList<>();
      int line = 1;
      int i = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        int start = i;
        if (c == '\n') {
          line++;
          i++;
        } else if (Character.isWhitespace(c)) {
          i++;
        } else if (s.startsWith("//", i)) {
          i = s.indexOf('\n', i) < 0 ? s.length() : s.indexOf('\n', i);
        } else if (s.startsWith("/*", i)) {
          i = s.indexOf("*/", i + 2) + 2;
          line += (int) s.substring(start, i).chars().filter(ch -> ch == '\n').count();
        } else {
          i = end(s, i);
          out.add(new Token(s.substring(start, i), line));
        }
      }
      return out;
    }

    /** Where the token starting at {@code i} ends. */
    private static int end(String s, int i) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        int j = i + 1;
        while (s.charAt(j) != c) {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        return j + 1;
      }
      if (Character.isJavaIdentifierStart(c)) {
        int j = i + 1;
        while (j < s.length() && Character.isJavaIdentifierPart(s.charAt(j))) {
          j++;
        }
        return j;
      }
      if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.' || s.charAt(j) == '_'
            || ((s.charAt(j) == '-' || s.charAt(j) == '+') && "eE".indexOf(s.charAt(j - 1)) >= 0))) {
          j++;
        }
        return j;
      }
      for (String op : OPERATORS) {
        if (s.startsWith(op, i)) {
          return i + op.length();
        }
      }
      return i + 1;
    }

    /** The index of the bracket that closes the one at {@code open}. */
    static int matching(List<Token> t, int open) {
      String opening = t.get(open).text();
      String closing = opening.equals("(") ? ")" : opening.equals("{") ? "}" : "]";
      int depth = 0;
      for (int i = open; i < t.size(); i++) {
        String s = t.get(i).text();
        depth += s.equals(opening) ? 1 : s.equals(closing) ? -1 : 0;
        if (depth == 0) {
          return i;
        }
      }
      throw new IllegalStateException("twins: unbalanced " + opening + " at line " + t.get(open).line());
    }
  }
}
