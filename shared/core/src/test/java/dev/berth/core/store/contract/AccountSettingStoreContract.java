package dev.berth.core.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.AccountSettingStore;
import dev.berth.model.AccountSetting;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every AccountSettingStore does: one value per principal and name, listed by name. */
public abstract class AccountSettingStoreContract {
  protected abstract AccountSettingStore newStore();

  @Test
  void aSettingIsPutReplacedListedAndDeleted() {
    AccountSettingStore store = newStore();
    String principal = "arn:aws:iam::000000000000:user/" + Fixtures.unique("u");
    store.put(new AccountSetting("taskLongArnFormat", "enabled", principal, AccountSetting.USER));
    store.put(new AccountSetting("containerInsights", "enabled", principal, AccountSetting.USER));
    store.put(new AccountSetting("containerInsights", "disabled", principal, AccountSetting.USER));
    assertEquals(new AccountSetting("containerInsights", "disabled", principal, AccountSetting.USER),
        store.get(principal, "containerInsights").orElseThrow());
    assertEquals(List.of("containerInsights", "taskLongArnFormat"),
        store.of(principal).stream().map(AccountSetting::name).toList());

    assertEquals("disabled", store.delete(principal, "containerInsights").orElseThrow().value());
    assertTrue(store.delete(principal, "containerInsights").isEmpty());
    assertTrue(store.get(principal, "containerInsights").isEmpty());
  }
}
