package dev.berth.core.store.memory;

import dev.berth.core.store.AccountSettingStore;
import dev.berth.model.AccountSetting;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Account settings in memory: one value per principal and name, read back as set by a user. */
public final class InMemoryAccountSettingStore extends Guarded implements AccountSettingStore {
  private final Table<AccountSetting> table = new Table<>();

  public InMemoryAccountSettingStore(Clock clock, StoreHooks hooks) {
    super("AccountSettingStore", clock, hooks);
  }

  @Override
  public Optional<AccountSetting> get(String principalArn, String name) {
    return readOne("get", () -> table.get(principalArn, name));
  }

  @Override
  public List<AccountSetting> of(String principalArn) {
    return read("of", () -> table.partition(principalArn), List::size);
  }

  @Override
  public void put(AccountSetting setting) {
    // only the value is stored: the type reads back as a user's
    AccountSetting stored = new AccountSetting(setting.name(), setting.value(), setting.principalArn(),
        AccountSetting.USER);
    write("put", () -> table.put(setting.principalArn(), setting.name(), stored));
  }

  @Override
  public Optional<AccountSetting> delete(String principalArn, String name) {
    return write("delete", () -> table.remove(principalArn, name));
  }
}
