package dev.berth.store;

import static dev.berth.store.Items.s;

import dev.berth.auth.identity.AccessKey;
import dev.berth.auth.identity.IamUser;
import dev.berth.core.Config;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Berth's IAM: one item per user ({@code user#<name>}: its inline policies and the ids of its keys) and
 * one per access key ({@code key#<id>}: its user and status), so that authenticating a request is one
 * GetItem by key id. No secret is stored. Users are few and change rarely; listing them scans.
 */
@Singleton
public final class IdentityStore {
  /** IAM allows two access keys per user. */
  public static final int MAX_KEYS_PER_USER = 2;

  /** Why a write was refused, in IAM's terms. */
  public enum Refusal { NO_SUCH_USER, ALREADY_EXISTS, TOO_MANY_KEYS, NO_SUCH_KEY }

  /** A refused write. */
  public static final class RefusedException extends RuntimeException {
    private final Refusal refusal;

    RefusedException(Refusal refusal) {
      super(refusal.name(), null, false, false);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public IdentityStore(DynamoDbClient dynamo, Config config) {
    this.dynamo = dynamo;
    this.table = config.identitiesTable();
  }

  public void createUser(IamUser user) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", s(userId(user.userName())));
    item.put("userName", s(user.userName()));
    item.put("userId", s(user.userId()));
    item.put("arn", s(user.arn()));
    item.put("path", s(user.path()));
    item.put("createDate", s(user.createDate().toString()));
    item.put("policies", AttributeValue.fromM(Map.of()));
    try {
      dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(id)"));
    } catch (ConditionalCheckFailedException e) {
      throw new RefusedException(Refusal.ALREADY_EXISTS);
    }
  }

  public Optional<IamUser> user(String userName) {
    var item = dynamo.getItem(b -> b.tableName(table).key(Map.of("id", s(userId(userName)))).consistentRead(true))
        .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toUser(item));
  }

  /** Every user, sorted by name. */
  public List<IamUser> users() {
    List<IamUser> out = new ArrayList<>();
    dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true).filterExpression("begins_with(id, :u)")
        .expressionAttributeValues(Map.of(":u", s("user#")))).items().forEach(i -> out.add(toUser(i)));
    out.sort((a, b) -> a.userName().compareTo(b.userName()));
    return out;
  }

  /** Deletes a user that has no keys and no policies left (the caller checked); false if it was gone. */
  public boolean deleteUser(String userName) {
    try {
      dynamo.deleteItem(b -> b.tableName(table).key(Map.of("id", s(userId(userName))))
          .conditionExpression("attribute_exists(id)"));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  public void putPolicy(String userName, String policyName, String document) {
    update(userName, "SET policies.#p = :d", Map.of("#p", policyName), Map.of(":d", s(document)));
  }

  public void deletePolicy(String userName, String policyName) {
    update(userName, "REMOVE policies.#p", Map.of("#p", policyName), Map.of());
  }

  /** Adds a key to a user (at most two), then writes the key's own item. */
  public void createAccessKey(AccessKey key) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(userId(key.userName()))))
          .updateExpression("ADD accessKeys :k")
          .conditionExpression("attribute_exists(id) AND (attribute_not_exists(accessKeys) OR size(accessKeys) < :max)")
          .expressionAttributeValues(Map.of(":k", AttributeValue.fromSs(List.of(key.accessKeyId())),
              ":max", Items.n(MAX_KEYS_PER_USER))));
    } catch (ConditionalCheckFailedException e) {
      throw new RefusedException(user(key.userName()).isPresent() ? Refusal.TOO_MANY_KEYS : Refusal.NO_SUCH_USER);
    }
    dynamo.putItem(b -> b.tableName(table).item(Map.of(
        "id", s(keyId(key.accessKeyId())),
        "userName", s(key.userName()),
        "active", AttributeValue.fromBool(key.active()),
        "createDate", s(key.createDate().toString()))));
  }

  public Optional<AccessKey> accessKey(String accessKeyId) {
    var item = dynamo.getItem(b -> b.tableName(table).key(Map.of("id", s(keyId(accessKeyId)))).consistentRead(true))
        .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AccessKey(accessKeyId, item.get("userName").s(), item.get("active").bool(),
        Instant.parse(item.get("createDate").s())));
  }

  public void setActive(String accessKeyId, boolean active) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(keyId(accessKeyId))))
          .updateExpression("SET active = :a").conditionExpression("attribute_exists(id)")
          .expressionAttributeValues(Map.of(":a", AttributeValue.fromBool(active))));
    } catch (ConditionalCheckFailedException e) {
      throw new RefusedException(Refusal.NO_SUCH_KEY);
    }
  }

  /** Deletes the key's item first, so the key stops working before the user forgets it. */
  public void deleteAccessKey(String userName, String accessKeyId) {
    dynamo.deleteItem(b -> b.tableName(table).key(Map.of("id", s(keyId(accessKeyId)))));
    dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(userId(userName))))
        .updateExpression("DELETE accessKeys :k").conditionExpression("attribute_exists(id)")
        .expressionAttributeValues(Map.of(":k", AttributeValue.fromSs(List.of(accessKeyId)))));
  }

  private void update(String userName, String expression, Map<String, String> names, Map<String, AttributeValue> values) {
    try {
      dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(userId(userName))))
          .updateExpression(expression).conditionExpression("attribute_exists(id)")
          .expressionAttributeNames(names).expressionAttributeValues(values.isEmpty() ? null : values));
    } catch (ConditionalCheckFailedException e) {
      throw new RefusedException(Refusal.NO_SUCH_USER);
    }
  }

  private static IamUser toUser(Map<String, AttributeValue> item) {
    Map<String, String> policies = new HashMap<>();
    if (item.containsKey("policies")) {
      item.get("policies").m().forEach((name, doc) -> policies.put(name, doc.s()));
    }
    return new IamUser(item.get("userName").s(), item.get("userId").s(), item.get("arn").s(), item.get("path").s(),
        Instant.parse(item.get("createDate").s()), policies,
        item.containsKey("accessKeys") ? new HashSet<>(item.get("accessKeys").ss()) : Set.of());
  }

  private static String userId(String userName) {
    return "user#" + userName;
  }

  private static String keyId(String accessKeyId) {
    return "key#" + accessKeyId;
  }
}
