package dev.berth.core.account;

import dev.berth.core.Page;
import dev.berth.core.store.AccountSettingStore;
import dev.berth.model.AccountSetting;
import dev.berth.model.Arns;
import dev.berth.model.EcsException;
import dev.berth.model.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * ECS account settings, kept per principal (an IAM user or role; the account's root holds the
 * account default). A principal's effective value is its own setting, else the account default,
 * else ECS's default for a fresh account. The long ARN formats are always enabled: Berth uses no
 * other, and ECS no longer lets an account opt out of them.
 */
@Singleton
public final class AccountSettings {
  /** ECS's defaults for a fresh account, by setting name. */
  static final Map<String, String> DEFAULTS = new TreeMap<>(Map.ofEntries(
      Map.entry("serviceLongArnFormat", "enabled"),
      Map.entry("taskLongArnFormat", "enabled"),
      Map.entry("containerInstanceLongArnFormat", "enabled"),
      Map.entry("awsvpcTrunking", "disabled"),
      Map.entry("containerInsights", "disabled"),
      Map.entry("fargateFIPSMode", "disabled"),
      Map.entry("tagResourceAuthorization", "off"),
      Map.entry("fargateTaskRetirementWaitPeriod", "7"),
      Map.entry("guardDutyActivate", "off"),
      Map.entry("defaultLogDriverMode", "non-blocking"),
      Map.entry("fargateEventWindows", "disabled")));
  private static final Set<String> LONG_ARNS = Set.of("serviceLongArnFormat", "taskLongArnFormat",
      "containerInstanceLongArnFormat");
  private static final Pattern PRINCIPAL = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):(root|user/.+|role/.+)");

  private final AccountSettingStore store;
  private final Arns arns;

  @Inject
  public AccountSettings(AccountSettingStore store, Arns arns) {
    this.store = store;
    this.arns = arns;
  }

  /** The account's root: where the account default is kept. */
  public String root() {
    return "arn:" + arns.region().partition() + ":iam::" + arns.region().accountId() + ":root";
  }

  /** PutAccountSetting: for {@code principalArn}, or the caller when absent. */
  public AccountSetting put(String name, String value, String principalArn, String caller) {
    AccountSetting setting = new AccountSetting(name, checkedValue(name, value), principal(principalArn, caller),
        AccountSetting.USER);
    store.put(setting);
    return setting;
  }

  /** PutAccountSettingDefault: the account's default, which every principal without its own setting gets. */
  public AccountSetting putDefault(String name, String value) {
    return put(name, value, root(), null);
  }

  /** DeleteAccountSetting: the principal's own setting goes; the answer is what was deleted, or what is in effect. */
  public AccountSetting delete(String name, String principalArn, String caller) {
    requireName(name);
    String principal = principal(principalArn, caller);
    return store.delete(principal, name).orElseGet(() -> effective(principal, name));
  }

  /**
   * ListAccountSettings: with {@code effectiveSettings}, every setting as it applies to the principal;
   * without, only those set for the principal itself.
   */
  public Page<AccountSetting> list(String name, String value, String principalArn, boolean effectiveSettings,
      String caller, Integer maxResults, String nextToken) {
    if (name != null) {
      requireName(name);
    }
    if (value != null && name == null) {
      throw EcsException.invalidParameter("name is required when value is given.");
    }
    if (maxResults != null && (maxResults < 1 || maxResults > 10)) {
      throw EcsException.invalidParameter("maxResults must be between 1 and 10.");
    }
    String principal = principal(principalArn, caller);
    List<AccountSetting> settings = new ArrayList<>();
    if (effectiveSettings) {
      DEFAULTS.keySet().forEach(n -> settings.add(effective(principal, n)));
    } else {
      settings.addAll(store.of(principal));
    }
    List<AccountSetting> matching = settings.stream()
        .filter(s -> name == null || name.equals(s.name()))
        .filter(s -> value == null || value.equals(s.value()))
        .sorted(java.util.Comparator.comparing(AccountSetting::name))
        .toList();
    return Page.of(matching, AccountSetting::name, maxResults, nextToken, 10);
  }

  /**
   * A new cluster's settings: those given, and containerInsights as the creator's account setting has
   * it when the request leaves it out.
   */
  public List<KeyValue> forNewCluster(List<KeyValue> given, String caller) {
    List<KeyValue> out = new ArrayList<>(given);
    if (out.stream().noneMatch(s -> "containerInsights".equals(s.name()))) {
      String principal = caller != null && PRINCIPAL.matcher(caller).matches() ? caller : root();
      out.add(new KeyValue("containerInsights", effective(principal, "containerInsights").value()));
    }
    return out;
  }

  /** The value in effect for a principal: its own, else the account default, else ECS's. */
  public AccountSetting effective(String principalArn, String name) {
    Optional<AccountSetting> own = store.get(principalArn, name);
    if (own.isPresent()) {
      return own.get();
    }
    Optional<AccountSetting> account = principalArn.equals(root()) ? Optional.empty() : store.get(root(), name);
    return account.map(s -> new AccountSetting(name, s.value(), principalArn, AccountSetting.USER))
        .orElseGet(() -> new AccountSetting(name, DEFAULTS.get(name), principalArn, AccountSetting.AWS_MANAGED));
  }

  private String principal(String given, String caller) {
    String principal = given != null ? given : caller != null ? caller : root();
    var m = PRINCIPAL.matcher(principal);
    if (!m.matches() || !m.group(1).equals(arns.region().accountId())) {
      throw EcsException.invalidParameter("principalArn must be an IAM user, role or root ARN of this account: "
          + principal);
    }
    return principal;
  }

  private static void requireName(String name) {
    if (!DEFAULTS.containsKey(name)) {
      throw EcsException.invalidParameter("Invalid account setting name: " + name);
    }
  }

  private static String checkedValue(String name, String value) {
    requireName(name);
    Set<String> allowed = switch (name) {
      case "containerInsights" -> Set.of("enhanced", "enabled", "disabled");
      case "tagResourceAuthorization" -> Set.of("on", "off");
      case "fargateTaskRetirementWaitPeriod" -> Set.of("0", "7", "14");
      case "defaultLogDriverMode" -> Set.of("blocking", "non-blocking");
      default -> Set.of("enabled", "disabled");
    };
    if (name.equals("guardDutyActivate")) {
      throw EcsException.invalidParameter("guardDutyActivate is read-only: GuardDuty manages it.");
    }
    if (value == null || !allowed.contains(value)) {
      throw EcsException.invalidParameter("Invalid value for " + name + ": " + value + ". Valid values: "
          + String.join(", ", new java.util.TreeSet<>(allowed)) + ".");
    }
    if (LONG_ARNS.contains(name) && value.equals("disabled")) {
      throw EcsException.invalidParameter("The long ARN format can no longer be disabled: " + name
          + " is always enabled.");
    }
    return value;
  }
}
