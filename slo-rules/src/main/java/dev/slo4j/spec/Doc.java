package dev.slo4j.spec;

import dev.slo4j.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML mapping read with its line numbers, that records a located problem for every unknown key and wrong type
 * instead of throwing, so a spec's problems are all reported together.
 */
final class Doc {

  private final String source;
  private final String slo;
  private final String path;
  private final Node node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final List<Problem> problems;

  private Doc(String source, String slo, String path, Node node, List<Problem> problems) {
    this.source = source;
    this.slo = slo;
    this.path = path;
    this.node = node;
    this.problems = problems;
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k) {
          entries.put(k.getValue(), t);
        }
      }
    }
  }

  /** The root of a document; a problem when it is not a mapping. */
  static Optional<Doc> root(String source, Node node, List<Problem> problems) {
    if (!(node instanceof MappingNode)) {
      problems.add(Problem.of("", "", "a spec document must be a mapping of fields, e.g. 'version: slo4j/v1'")
          .at(where(source, node)));
      return Optional.empty();
    }
    return Optional.of(new Doc(source, "", "", node, problems));
  }

  static String where(String source, Node node) {
    return source + ":" + (node.getStartMark().getLine() + 1);
  }

  /** This mapping as the root of an SLO: problems name the SLO, and fields are named from the SLO. */
  Doc forSlo(String name) {
    return new Doc(source, name, "", node, problems);
  }

  String location() {
    return where(source, node);
  }

  String location(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? location() : where(source, t.getKeyNode());
  }

  String slo() {
    return slo;
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  void problem(String key, String message) {
    problems.add(Problem.of(slo, field(key), message).at(location(key)));
  }

  /** Records a problem found by the model, located at {@code key}'s line (or this mapping's). */
  void problemAt(String key, Problem p) {
    problems.add(p.at(location(key)));
  }

  /** Reports every key not in {@code allowed}, naming the accepted ones. */
  void allowOnly(String... allowed) {
    List<String> ok = List.of(allowed);
    for (String k : entries.keySet()) {
      if (!ok.contains(k)) {
        problem(k, "unknown field '" + field(k) + "'; accepted here: " + String.join(", ", ok));
      }
    }
  }

  /** A scalar as text (numbers and booleans as written). */
  Optional<String> text(String key) {
    NodeTuple t = entries.get(key);
    if (t == null) {
      return Optional.empty();
    }
    if (t.getValueNode() instanceof ScalarNode s) {
      return Optional.of(s.getValue());
    }
    problem(key, field(key) + " must be a single value, not a " + kind(t.getValueNode()));
    return Optional.empty();
  }

  Optional<Boolean> bool(String key) {
    return text(key).flatMap(v -> {
      if (v.equals("true") || v.equals("false")) {
        return Optional.of(Boolean.parseBoolean(v));
      }
      problem(key, field(key) + " '" + v + "' must be true or false");
      return Optional.empty();
    });
  }

  Optional<Doc> map(String key) {
    NodeTuple t = entries.get(key);
    if (t == null) {
      return Optional.empty();
    }
    if (t.getValueNode() instanceof MappingNode) {
      return Optional.of(new Doc(source, slo, field(key), t.getValueNode(), problems));
    }
    problem(key, field(key) + " must be a mapping of fields, not a " + kind(t.getValueNode()));
    return Optional.empty();
  }

  /** A mapping of names to single values, e.g. labels. */
  Map<String, String> strings(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    map(key).ifPresent(d -> d.entries.keySet().forEach(k -> d.text(k).ifPresent(v -> out.put(k, v))));
    return out;
  }

  /** A sequence of mappings. */
  List<Doc> maps(String key) {
    List<Doc> out = new ArrayList<>();
    NodeTuple t = entries.get(key);
    if (t == null) {
      return out;
    }
    if (!(t.getValueNode() instanceof SequenceNode seq)) {
      problem(key, field(key) + " must be a list, not a " + kind(t.getValueNode()));
      return out;
    }
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node n = seq.getValue().get(i);
      if (n instanceof MappingNode) {
        out.add(new Doc(source, slo, field(key) + "[" + i + "]", n, problems));
      } else {
        problems.add(Problem.of(slo, field(key), field(key) + "[" + i + "] must be a mapping of fields, not a "
            + kind(n)).at(where(source, n)));
      }
    }
    return out;
  }

  /** A sequence of single values. */
  List<String> texts(String key) {
    List<String> out = new ArrayList<>();
    NodeTuple t = entries.get(key);
    if (t == null) {
      return out;
    }
    if (!(t.getValueNode() instanceof SequenceNode seq)) {
      problem(key, field(key) + " must be a list, not a " + kind(t.getValueNode()));
      return out;
    }
    for (Node n : seq.getValue()) {
      if (n instanceof ScalarNode s) {
        out.add(s.getValue());
      } else {
        problem(key, field(key) + " must list single values");
      }
    }
    return out;
  }

  private static String kind(Node n) {
    return n instanceof MappingNode ? "mapping" : n instanceof SequenceNode ? "list" : "single value";
  }
}
