package dev.berth.auth.sigv4;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parts of {@code Authorization: AWS4-HMAC-SHA256 Credential=AKID/yyyymmdd/region/service/aws4_request,
 * SignedHeaders=a;b;c, Signature=hex}, parsed strictly: each parameter exactly once, in any order.
 */
record AuthorizationHeader(String accessKeyId, String date, String region, String service,
    List<String> signedHeaders, String signedHeadersText, String signature) {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");
  private static final Pattern DATE = Pattern.compile("\\d{8}");
  private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");
  /** More signed headers than any client sends; the cap keeps a hostile header cheap to refuse. */
  static final int MAX_SIGNED_HEADERS = 64;
  static final int MAX_LENGTH = 8192;

  static AuthorizationHeader parse(String value) {
    if (value.length() > MAX_LENGTH) {
      throw incomplete("Authorization header is too long.");
    }
    String trimmed = value.strip();
    if (!trimmed.startsWith(ALGORITHM + " ")) {
      throw incomplete("Authorization header requires the algorithm " + ALGORITHM + ".");
    }
    Map<String, String> params = new HashMap<>();
    for (String part : trimmed.substring(ALGORITHM.length()).split(",")) {
      String param = part.strip();
      int eq = param.indexOf('=');
      if (eq <= 0) {
        throw incomplete("'" + param + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
            + trimmed + "'.");
      }
      if (params.put(param.substring(0, eq), param.substring(eq + 1)) != null) {
        throw incomplete("Authorization header repeats " + param.substring(0, eq) + ".");
      }
    }
    String credential = required(params, "Credential");
    String signedHeaders = required(params, "SignedHeaders");
    String signature = required(params, "Signature");
    if (params.size() != 3) {
      throw incomplete("Authorization header has unknown parameters.");
    }
    String[] scope = credential.split("/", -1);
    if (scope.length != 5 || scope[0].isEmpty() || !DATE.matcher(scope[1]).matches() || scope[2].isEmpty()
        || scope[3].isEmpty() || !scope[4].equals("aws4_request")) {
      throw incomplete("Credential should be scoped to a valid region and service: "
          + "Credential=<access key>/<yyyymmdd>/<region>/<service>/aws4_request.");
    }
    if (!SIGNATURE.matcher(signature).matches()) {
      throw incomplete("Signature must be 64 lower-case hexadecimal characters.");
    }
    List<String> names = new ArrayList<>();
    String previous = "";
    for (String name : signedHeaders.split(";", -1)) {
      if (!HEADER_NAME.matcher(name).matches() || name.compareTo(previous) <= 0) {
        throw incomplete("SignedHeaders must be lower-case header names, sorted, separated by ';'.");
      }
      names.add(name);
      previous = name;
    }
    if (names.size() > MAX_SIGNED_HEADERS) {
      throw incomplete("Too many signed headers.");
    }
    return new AuthorizationHeader(scope[0], scope[1], scope[2], scope[3], List.copyOf(names), signedHeaders,
        signature);
  }

  String scope() {
    return date + "/" + region + "/" + service + "/aws4_request";
  }

  private static String required(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      throw incomplete("Authorization header requires '" + name + "' parameter.");
    }
    return value;
  }

  private static AuthException incomplete(String message) {
    return new AuthException(AuthError.INCOMPLETE_SIGNATURE, message);
  }
}
