package dev.berth.core.store;

import dev.berth.model.AccountSetting;
import java.util.List;
import java.util.Optional;

/** Account settings set by users: one item per principal and setting name. */
public interface AccountSettingStore {
  Optional<AccountSetting> get(String principalArn, String name);

  /** The settings a principal has set, by name. */
  List<AccountSetting> of(String principalArn);

  void put(AccountSetting setting);

  /** Removes a principal's setting; returns it as it was, if there was one. */
  Optional<AccountSetting> delete(String principalArn, String name);
}
