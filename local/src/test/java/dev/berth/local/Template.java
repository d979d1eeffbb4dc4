package dev.berth.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** template.yaml read as plain data (CloudFormation's short-form tags such as !Ref kept as values). */
final class Template {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> resources() throws IOException {
    try (Reader reader = Files.newBufferedReader(ROOT.resolve("template.yaml"))) {
      Map<String, Object> template = new Yaml(new CloudFormationConstructor()).load(reader);
      return (Map<String, Map<String, Object>>) template.get("Resources");
    }
  }

  /** Resources of one type, by logical id. */
  static Map<String, Map<String, Object>> resources(String type) throws IOException {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    resources().forEach((id, resource) -> {
      if (type.equals(resource.get("Type"))) {
        out.put(id, resource);
      }
    });
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("Properties");
  }

  private static final class CloudFormationConstructor extends SafeConstructor {
    CloudFormationConstructor() {
      super(new LoaderOptions());
      yamlMultiConstructors.put("!", new AbstractConstruct() {
        @Override
        public Object construct(Node node) {
          if (node instanceof ScalarNode scalar) {
            return constructScalar(scalar);
          }
          if (node instanceof SequenceNode sequence) {
            return constructSequence(sequence);
          }
          return constructMapping((MappingNode) node);
        }
      });
    }
  }

  private Template() {}
}
