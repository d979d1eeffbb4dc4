package dev.berth.store;

import static dev.berth.store.Items.s;
import static dev.berth.store.Items.str;

import dev.berth.core.Config;
import dev.berth.core.store.AccountSettingStore;
import dev.berth.model.AccountSetting;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** Account settings set by users: one item per principal and setting name. */
@Singleton
public final class DynamoAccountSettingStore implements AccountSettingStore {
  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public DynamoAccountSettingStore(DynamoDbClient dynamo, Config config) {
    this.dynamo = dynamo;
    this.table = config.accountSettingsTable();
  }

  @Override
  public Optional<AccountSetting> get(String principalArn, String name) {
    var item = dynamo.getItem(b -> b.tableName(table).key(key(principalArn, name)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public List<AccountSetting> of(String principalArn) {
    return Items.partition(dynamo, table, "principalArn", principalArn, DynamoAccountSettingStore::fromItem);
  }

  @Override
  public void put(AccountSetting setting) {
    var item = Items.item();
    item.putAll(key(setting.principalArn(), setting.name()));
    item.put("value", s(setting.value()));
    dynamo.putItem(b -> b.tableName(table).item(item));
  }

  @Override
  public Optional<AccountSetting> delete(String principalArn, String name) {
    var old = dynamo.deleteItem(b -> b.tableName(table).key(key(principalArn, name))
        .returnValues(ReturnValue.ALL_OLD)).attributes();
    return old == null || old.isEmpty() ? Optional.empty() : Optional.of(fromItem(old));
  }

  private static Map<String, AttributeValue> key(String principalArn, String name) {
    return Map.of("principalArn", s(principalArn), "name", s(name));
  }

  private static AccountSetting fromItem(Map<String, AttributeValue> item) {
    return new AccountSetting(str(item, "name"), str(item, "value"), str(item, "principalArn"), AccountSetting.USER);
  }
}
