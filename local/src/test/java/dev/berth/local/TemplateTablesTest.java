package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.Config;
import dev.berth.store.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The tables template.yaml declares for AWS are the tables the code creates locally: same keys,
 * same key types, same indexes.
 */
class TemplateTablesTest {

  @Test
  @SuppressWarnings("unchecked")
  void templateTablesMatchTheStoreLayout() throws Exception {
    Config config = Config.withPrefix("t", Optional.empty());
    List<String> fromCode = new ArrayList<>();
    for (Tables.Layout layout : new Tables(null, config).layouts()) {
      StringBuilder s = new StringBuilder(layout.hashKey() + ":" + layout.hashType() + " HASH");
      if (layout.rangeKey() != null) {
        s.append(", ").append(layout.rangeKey()).append(":").append(layout.rangeType()).append(" RANGE");
      }
      layout.indexes().forEach(i -> s.append(", index ").append(i.indexName()).append(" ")
          .append(i.keySchema().stream().map(k -> k.attributeName() + " " + k.keyType()).toList()));
      fromCode.add(s.toString());
    }

    List<String> fromTemplate = new ArrayList<>();
    for (Map<String, Object> table : Template.resources("AWS::DynamoDB::Table").values()) {
      Map<String, Object> p = Template.properties(table);
      var types = new java.util.HashMap<String, String>();
      ((List<Map<String, String>>) p.get("AttributeDefinitions"))
          .forEach(a -> types.put(a.get("AttributeName"), a.get("AttributeType")));
      StringBuilder s = new StringBuilder();
      for (Map<String, String> k : (List<Map<String, String>>) p.get("KeySchema")) {
        if (s.length() > 0) {
          s.append(", ");
        }
        s.append(k.get("AttributeName")).append(":").append(types.get(k.get("AttributeName"))).append(" ")
            .append(k.get("KeyType"));
      }
      var indexes = (List<Map<String, Object>>) p.getOrDefault("GlobalSecondaryIndexes", List.of());
      for (Map<String, Object> index : indexes) {
        s.append(", index ").append(index.get("IndexName")).append(" ")
            .append(((List<Map<String, String>>) index.get("KeySchema")).stream()
                .map(k -> k.get("AttributeName") + " " + k.get("KeyType")).toList());
      }
      fromTemplate.add(s.toString());
    }
    assertEquals(fromCode.size(), fromTemplate.size());
    assertTrue(fromTemplate.containsAll(fromCode) && fromCode.containsAll(fromTemplate),
        "code " + fromCode + " vs template " + fromTemplate);
  }
}
