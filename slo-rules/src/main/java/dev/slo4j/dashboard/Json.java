package dev.slo4j.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal ordered JSON tree and writer: slo-core has no JSON library, and a dashboard needs nothing more. */
final class Json {

  private final Map<String, Object> fields;
  private final List<Object> items;

  private Json(Map<String, Object> fields, List<Object> items) {
    this.fields = fields;
    this.items = items;
  }

  static Json object() {
    return new Json(new LinkedHashMap<>(), null);
  }

  static Json array() {
    return new Json(null, new ArrayList<>());
  }

  boolean isArray() {
    return items != null;
  }

  List<Json> items() {
    List<Json> out = new ArrayList<>();
    for (Object o : items) {
      if (o instanceof Json j) {
        out.add(j);
      }
    }
    return out;
  }

  Json put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  Json add(Object value) {
    items.add(value);
    return this;
  }

  /** Every string value under {@code key}, anywhere in the tree, in document order. */
  void collect(String key, List<String> out) {
    if (items != null) {
      items.forEach(o -> {
        if (o instanceof Json j) {
          j.collect(key, out);
        }
      });
      return;
    }
    fields.forEach((k, v) -> {
      if (k.equals(key) && v instanceof String s) {
        out.add(s);
      } else if (v instanceof Json j) {
        j.collect(key, out);
      }
    });
  }

  String render() {
    StringBuilder b = new StringBuilder();
    write(this, b, 0);
    return b.toString();
  }

  private static void write(Object v, StringBuilder b, int indent) {
    if (v instanceof Json j) {
      if (j.items != null) {
        if (j.items.isEmpty()) {
          b.append("[]");
          return;
        }
        b.append("[\n");
        for (int i = 0; i < j.items.size(); i++) {
          pad(b, indent + 2);
          write(j.items.get(i), b, indent + 2);
          b.append(i < j.items.size() - 1 ? ",\n" : "\n");
        }
        pad(b, indent);
        b.append(']');
      } else {
        b.append("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : j.fields.entrySet()) {
          pad(b, indent + 2);
          string(e.getKey(), b);
          b.append(": ");
          write(e.getValue(), b, indent + 2);
          b.append(++i < j.fields.size() ? ",\n" : "\n");
        }
        pad(b, indent);
        b.append('}');
      }
    } else if (v instanceof String s) {
      string(s, b);
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else {
      b.append("null");
    }
  }

  private static void pad(StringBuilder b, int n) {
    b.append(" ".repeat(n));
  }

  private static void string(String s, StringBuilder b) {
    dev.slo4j.format.JsonText.quote(s, b);
  }
}
