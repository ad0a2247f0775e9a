package dev.slo4j.project;

import dev.slo4j.Problem;
import dev.slo4j.SloValidationException;
import java.io.StringReader;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Spring-style YAML configuration as flat properties. Apart from {@link Slo4jConfig} so that SnakeYAML, an optional
 * dependency, is loaded only when YAML is read.
 */
final class YamlFlattener {

  private YamlFlattener() {}

  static Map<String, Slo4jConfig.Value> flatten(String yaml, String source, Collection<String> activeProfiles) {
    Map<String, Slo4jConfig.Value> out = new LinkedHashMap<>();
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(50);
      options.setNestingDepthLimit(50);
      options.setCodePointLimit(4 * 1024 * 1024);
      org.yaml.snakeyaml.DumperOptions dump = new org.yaml.snakeyaml.DumperOptions();
      Yaml parser = new Yaml(new SafeConstructor(options), new org.yaml.snakeyaml.representer.Representer(dump), dump,
          options);
      for (Object doc : parser.loadAll(new StringReader(yaml))) {
        if (doc == null) {
          continue;
        }
        if (!(doc instanceof Map<?, ?>)) {
          throw new SloValidationException(List.of(Problem.of("", "", "a configuration document must be a "
              + "mapping of keys, e.g. 'spring: {application: {name: shop}}'").at(source)));
        }
        Map<String, Slo4jConfig.Value> one = new LinkedHashMap<>();
        flatten("", doc, source, one);
        Slo4jConfig.Value onProfile = one.get("spring.config.activate.on-profile");
        if (onProfile == null || activeProfiles.contains(onProfile.value().strip())) {
          out.putAll(one);
        }
      }
    } catch (YAMLException e) {
      throw new SloValidationException(List.of(Problem.of("", "", "not valid YAML: "
          + e.getMessage().lines().findFirst().orElse("")).at(source)));
    }
    return out;
  }

  private static void flatten(String prefix, Object node, String source, Map<String, Slo4jConfig.Value> out) {
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        String key = prefix.isEmpty() ? k : k.contains(".") ? prefix + "[" + k + "]" : prefix + "." + k;
        flatten(key, e.getValue(), source, out);
      }
    } else if (node instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        flatten(prefix + "[" + i + "]", l.get(i), source, out);
      }
    } else if (node != null) {
      out.put(prefix, new Slo4jConfig.Value(String.valueOf(node), source));
    }
  }

}
