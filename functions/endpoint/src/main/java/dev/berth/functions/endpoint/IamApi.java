package dev.berth.functions.endpoint;

import dev.berth.auth.identity.AccessKey;
import dev.berth.auth.identity.AccessKeys;
import dev.berth.auth.identity.IamUser;
import dev.berth.auth.identity.MasterKey;
import dev.berth.auth.policy.MalformedPolicyException;
import dev.berth.auth.policy.PolicyDocument;
import dev.berth.model.Region;
import dev.berth.store.IdentityStore;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import dev.berth.protocol.ModelViolation;
import dev.berth.protocol.QueryValidator;
import dev.berth.protocol.ServiceModel;

/**
 * The part of IAM's Query API that administering Berth needs, so {@code aws iam ... --endpoint-url}
 * works unchanged: users, their access keys and their inline policies. Requests are checked against
 * IAM's own model first ({@link #validated}: lengths, patterns, enums, required members, answered as
 * IAM's {@code ValidationError}). Answers IAM's XML shapes and error codes, and pages lists with
 * {@code MaxItems} and {@code Marker} as IAM does. A new key's secret is shown once, in
 * CreateAccessKey's answer; it is never stored.
 */
final class IamApi {
  static final Set<String> ACTIONS = Set.of("CreateUser", "GetUser", "ListUsers", "DeleteUser", "CreateAccessKey",
      "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey", "PutUserPolicy", "GetUserPolicy", "ListUserPolicies",
      "DeleteUserPolicy");
  static final Set<String> READ_ONLY = Set.of("GetUser", "ListUsers", "ListAccessKeys", "GetUserPolicy",
      "ListUserPolicies");
  private static final QueryValidator MODEL = new QueryValidator(ServiceModel.iam());
  /** IAM's default page size for MaxItems. */
  static final int DEFAULT_MAX_ITEMS = 100;
  /** IAM's quota on the inline policies of one user, in characters other than whitespace. */
  static final int USER_POLICY_QUOTA = 2048;

  /** A parsed Query request: the action and its parameters. */
  record Request(String action, Map<String, String> params) {
    static Request parse(String form) {
      Map<String, String> params = new HashMap<>();
      for (String pair : form.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        params.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
      return new Request(params.getOrDefault("Action", ""), params);
    }

    String get(String name) {
      return params.get(name);
    }

    private static String decode(String text) {
      try {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw IamError.validation("The request's form encoding is malformed.");
      }
    }
  }

  private final IdentityStore store;
  private final MasterKey master;
  private final Region region;
  private final Clock clock;

  IamApi(IdentityStore store, MasterKey master, Region region, Clock clock) {
    this.store = store;
    this.master = master;
    this.region = region;
    this.clock = clock;
  }

  String userArn(String userName) {
    return "arn:" + region.partition() + ":iam::" + region.accountId() + ":user/" + userName;
  }

  /**
   * The request as IAM's model allows it, holding only the parameters the model knows.
   *
   * @throws IamError ValidationError, in AWS's wording, for whatever breaks the model
   */
  static Request validated(Request request) {
    try {
      return new Request(request.action(), MODEL.validate(request.action(), request.params()));
    } catch (ModelViolation e) {
      throw IamError.validation(e.getMessage());
    }
  }

  /** The user the action is about: the named one, or the caller itself when none is named. */
  String subject(Request request, String callerName) {
    String named = request.get("UserName");
    return named == null ? callerName : named;
  }

  /** Serves one action for a caller already authorised; returns the XML result, or null for none. */
  IamXml handle(Request request, String callerName) {
    String userName = subject(request, callerName);
    return switch (request.action()) {
      case "CreateUser" -> createUser(request);
      case "GetUser" -> user(new IamXml(), existing(userName), "User");
      case "ListUsers" -> listUsers(request);
      case "DeleteUser" -> deleteUser(required(request, "UserName"));
      case "CreateAccessKey" -> createAccessKey(userName);
      case "ListAccessKeys" -> listAccessKeys(userName, request);
      case "UpdateAccessKey" -> updateAccessKey(userName, required(request, "AccessKeyId"), required(request, "Status"));
      case "DeleteAccessKey" -> deleteAccessKey(userName, required(request, "AccessKeyId"));
      case "PutUserPolicy" -> putUserPolicy(required(request, "UserName"), policyName(request),
          required(request, "PolicyDocument"));
      case "GetUserPolicy" -> getUserPolicy(required(request, "UserName"), policyName(request));
      case "ListUserPolicies" -> listUserPolicies(required(request, "UserName"), request);
      case "DeleteUserPolicy" -> deleteUserPolicy(required(request, "UserName"), policyName(request));
      default -> throw new IamError("InvalidAction", 400, "Could not find operation " + request.action()
          + " for version 2010-05-08");
    };
  }

  /** Creates a user, or returns it if it exists: the bootstrap of the first administrator. */
  IamUser ensureUser(String userName) {
    return store.user(userName).orElseGet(() -> {
      IamUser user = newUser(userName, "/");
      try {
        store.createUser(user);
        return user;
      } catch (IdentityStore.RefusedException raced) {
        return existing(userName);
      }
    });
  }

  /** A new key for {@code userName}: its id and its secret, which nothing keeps. */
  String[] newAccessKey(String userName) {
    String id = AccessKeys.newKeyId(AccessKeys.USER_PREFIX);
    store.createAccessKey(new AccessKey(id, userName, true, now()));
    return new String[] {id, AccessKeys.secretFor(master, id)};
  }

  /** The user's first active key (its secret recomputed), or a new one. */
  String[] existingOrNewKey(String userName) {
    for (String id : new TreeSet<>(existing(userName).accessKeyIds())) {
      if (store.accessKey(id).filter(AccessKey::active).isPresent()) {
        return new String[] {id, AccessKeys.secretFor(master, id)};
      }
    }
    return newAccessKey(userName);
  }

  void putPolicy(String userName, String policyName, String document) {
    putUserPolicy(userName, policyName, document);
  }

  private IamXml createUser(Request request) {
    String userName = required(request, "UserName");
    String path = request.params().getOrDefault("Path", "/");
    if (request.get("PermissionsBoundary") != null) {
      throw new IamError("InvalidInput", 400, "Berth does not support permissions boundaries.");
    }
    if (request.params().keySet().stream().anyMatch(k -> k.startsWith("Tags.member."))) {
      throw new IamError("InvalidInput", 400, "Berth does not support tags on users.");
    }
    IamUser user = newUser(userName, path);
    try {
      store.createUser(user);
    } catch (IdentityStore.RefusedException e) {
      throw new IamError("EntityAlreadyExists", 409, "User with name " + userName + " already exists.");
    }
    return user(new IamXml(), user, "User");
  }

  private IamUser newUser(String userName, String path) {
    validated(new Request("CreateUser", Map.of("UserName", userName, "Path", path)));
    return new IamUser(userName, "AIDA" + AccessKeys.newKeyId("").substring(0, 17), userArn(userName), path, now(),
        Map.of(), Set.of());
  }

  private IamXml listUsers(Request request) {
    String prefix = request.params().getOrDefault("PathPrefix", "/");
    List<IamUser> users = store.users().stream().filter(u -> u.path().startsWith(prefix))
        .sorted(java.util.Comparator.comparing(IamUser::userName)).toList();
    Page<IamUser> page = page(users, IamUser::userName, request);
    IamXml xml = new IamXml().open("Users");
    for (IamUser user : page.items()) {
      user(xml, user, "member");
    }
    return page.end(xml.close("Users"));
  }

  /** One page of a sorted list, as IAM pages: at most MaxItems, then IsTruncated and the Marker to go on from. */
  private record Page<T>(List<T> items, String marker) {
    IamXml end(IamXml xml) {
      xml.element("IsTruncated", Boolean.toString(marker != null));
      return marker == null ? xml : xml.element("Marker", marker);
    }
  }

  private static <T> Page<T> page(List<T> sorted, java.util.function.Function<T, String> key, Request request) {
    int max = request.get("MaxItems") == null ? DEFAULT_MAX_ITEMS : Integer.parseInt(request.get("MaxItems"));
    int from = 0;
    String marker = request.get("Marker");
    if (marker != null) {
      String after;
      try {
        after = new String(java.util.Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw IamError.validation("The marker " + marker + " is not one Berth gave.");
      }
      while (from < sorted.size() && key.apply(sorted.get(from)).compareTo(after) <= 0) {
        from++;
      }
    }
    int to = Math.min(sorted.size(), from + max);
    String next = to < sorted.size() ? java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(key.apply(sorted.get(to - 1)).getBytes(StandardCharsets.UTF_8)) : null;
    return new Page<>(sorted.subList(from, to), next);
  }

  private IamXml deleteUser(String userName) {
    IamUser user = existing(userName);
    if (!user.accessKeyIds().isEmpty()) {
      throw new IamError("DeleteConflict", 409, "Cannot delete entity, must delete access keys first.");
    }
    if (!user.policies().isEmpty()) {
      throw new IamError("DeleteConflict", 409, "Cannot delete entity, must delete policies first.");
    }
    if (!store.deleteUser(userName)) {
      throw IamError.noSuchUser(userName);
    }
    return null;
  }

  private IamXml createAccessKey(String userName) {
    existing(userName);
    String[] key;
    try {
      key = newAccessKey(userName);
    } catch (IdentityStore.RefusedException e) {
      throw e.refusal() == IdentityStore.Refusal.TOO_MANY_KEYS
          ? new IamError("LimitExceeded", 409, "Cannot exceed quota for AccessKeysPerUser: "
              + IdentityStore.MAX_KEYS_PER_USER)
          : IamError.noSuchUser(userName);
    }
    return new IamXml().open("AccessKey").element("UserName", userName).element("AccessKeyId", key[0])
        .element("Status", "Active").element("SecretAccessKey", key[1]).element("CreateDate", now().toString())
        .close("AccessKey");
  }

  private IamXml listAccessKeys(String userName, Request request) {
    IamUser user = existing(userName);
    Page<String> page = page(List.copyOf(new TreeSet<>(user.accessKeyIds())), id -> id, request);
    IamXml xml = new IamXml().open("AccessKeyMetadata");
    for (String id : page.items()) {
      store.accessKey(id).ifPresent(key -> xml.open("member").element("UserName", userName)
          .element("AccessKeyId", id).element("Status", key.status()).element("CreateDate", key.createDate().toString())
          .close("member"));
    }
    return page.end(xml.close("AccessKeyMetadata")).element("UserName", userName);
  }

  private IamXml updateAccessKey(String userName, String accessKeyId, String status) {
    if (!status.equals("Active") && !status.equals("Inactive")) {
      // the model allows Expired too; Berth's keys are Active or Inactive
      throw new IamError("InvalidInput", 400, "Berth sets access keys Active or Inactive, not " + status + ".");
    }
    ownKey(userName, accessKeyId);
    store.setActive(accessKeyId, status.equals("Active"));
    return null;
  }

  private IamXml deleteAccessKey(String userName, String accessKeyId) {
    ownKey(userName, accessKeyId);
    store.deleteAccessKey(userName, accessKeyId);
    return null;
  }

  private IamXml putUserPolicy(String userName, String policyName, String document) {
    IamUser user = existing(userName);
    PolicyDocument parsed;
    try {
      parsed = PolicyDocument.parse(document);
    } catch (MalformedPolicyException e) {
      throw new IamError("MalformedPolicyDocument", 400, e.getMessage());
    }
    int total = parsed.nonWhitespaceLength();
    for (var other : user.policies().entrySet()) {
      if (!other.getKey().equals(policyName)) {
        total += PolicyDocument.parse(other.getValue()).nonWhitespaceLength();
      }
    }
    if (total > USER_POLICY_QUOTA) {
      throw new IamError("LimitExceeded", 409, "Maximum policy size of " + USER_POLICY_QUOTA
          + " bytes exceeded for user " + userName);
    }
    store.putPolicy(userName, policyName, document);
    return null;
  }

  private IamXml getUserPolicy(String userName, String policyName) {
    String document = existing(userName).policies().get(policyName);
    if (document == null) {
      throw new IamError("NoSuchEntity", 404, "The user policy with name " + policyName + " cannot be found.");
    }
    // IAM returns documents URL-encoded; the AWS CLI decodes them
    return new IamXml().element("UserName", userName).element("PolicyName", policyName)
        .element("PolicyDocument", URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  private IamXml listUserPolicies(String userName, Request request) {
    Page<String> page = page(List.copyOf(new TreeSet<>(existing(userName).policies().keySet())), n -> n, request);
    IamXml xml = new IamXml().open("PolicyNames");
    page.items().forEach(name -> xml.element("member", name));
    return page.end(xml.close("PolicyNames"));
  }

  private IamXml deleteUserPolicy(String userName, String policyName) {
    if (!existing(userName).policies().containsKey(policyName)) {
      throw new IamError("NoSuchEntity", 404, "The user policy with name " + policyName + " cannot be found.");
    }
    store.deletePolicy(userName, policyName);
    return null;
  }

  private void ownKey(String userName, String accessKeyId) {
    if (!existing(userName).accessKeyIds().contains(accessKeyId) || store.accessKey(accessKeyId).isEmpty()) {
      throw new IamError("NoSuchEntity", 404, "The Access Key with id " + accessKeyId + " cannot be found.");
    }
  }

  private IamUser existing(String userName) {
    return store.user(userName).orElseThrow(() -> IamError.noSuchUser(userName));
  }

  private static IamXml user(IamXml xml, IamUser user, String element) {
    return xml.open(element).element("Path", user.path()).element("UserName", user.userName())
        .element("UserId", user.userId()).element("Arn", user.arn())
        .element("CreateDate", user.createDate().toString()).close(element);
  }

  private static String policyName(Request request) {
    return required(request, "PolicyName");
  }

  /** A member the model requires, so {@link #validated} has seen it. */
  private static String required(Request request, String name) {
    String value = request.get(name);
    if (value == null) {
      throw new IllegalStateException(name + " was not validated");
    }
    return value;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  static List<String> resourceNames(Request request) {
    return request.get("UserName") == null ? List.of() : List.of(request.get("UserName"));
  }
}
