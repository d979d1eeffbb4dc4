package dev.berth.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.account.AccountSettings;
import dev.berth.model.AccountSetting;
import dev.berth.protocol.EcsOperation;
import dev.berth.protocol.Json;
import dev.berth.protocol.Shapes;
import java.util.Map;
import javax.inject.Inject;

/**
 * ListAccountSettings, PutAccountSetting, PutAccountSettingDefault and DeleteAccountSetting (served by
 * the registration function), for the caller the endpoint authenticated unless a principalArn is given.
 */
public final class AccountSettingsApi {
  private final AccountSettings settings;

  @Inject
  public AccountSettingsApi(AccountSettings settings) {
    this.settings = settings;
  }

  public Map<String, EcsOperation> operations() {
    return Map.of(
        "ListAccountSettings", this::listAccountSettings,
        "PutAccountSetting", this::putAccountSetting,
        "PutAccountSettingDefault", this::putAccountSettingDefault,
        "DeleteAccountSetting", this::deleteAccountSetting);
  }

  ObjectNode putAccountSetting(Json request) {
    return single(settings.put(request.requiredString("name"), request.requiredString("value"),
        request.string("principalArn"), request.callerArn()));
  }

  ObjectNode putAccountSettingDefault(Json request) {
    return single(settings.putDefault(request.requiredString("name"), request.requiredString("value")));
  }

  ObjectNode deleteAccountSetting(Json request) {
    return single(settings.delete(request.requiredString("name"), request.string("principalArn"),
        request.callerArn()));
  }

  ObjectNode listAccountSettings(Json request) {
    Boolean effective = request.bool("effectiveSettings");
    var page = settings.list(request.string("name"), request.string("value"), request.string("principalArn"),
        effective != null && effective, request.callerArn(), request.integer("maxResults"),
        request.string("nextToken"));
    ObjectNode response = Shapes.object();
    ArrayNode list = response.putArray("settings");
    page.items().forEach(s -> list.add(shape(s)));
    if (page.nextToken() != null) {
      response.put("nextToken", page.nextToken());
    }
    return response;
  }

  private static ObjectNode single(AccountSetting setting) {
    ObjectNode response = Shapes.object();
    response.set("setting", shape(setting));
    return response;
  }

  private static ObjectNode shape(AccountSetting s) {
    return Shapes.object().put("name", s.name()).put("value", s.value()).put("principalArn", s.principalArn())
        .put("type", s.type());
  }
}
