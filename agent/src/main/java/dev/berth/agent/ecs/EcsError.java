package dev.berth.agent.ecs;

/** An ECS error answer: its {@code __type} code, message and HTTP status. */
public final class EcsError extends Exception {
  public static final String CLUSTER_NOT_FOUND = "ClusterNotFoundException";
  public static final String INVALID_PARAMETER = "InvalidParameterException";
  public static final String INACTIVE_INSTANCE = "InactiveInstanceException";
  public static final String EXPIRED_TOKEN = "ExpiredTokenException";
  public static final String UNRECOGNIZED_CLIENT = "UnrecognizedClientException";

  private final String type;
  private final int status;

  public EcsError(String type, String message, int status) {
    super(type + ": " + message);
    this.type = type;
    this.status = status;
  }

  public String type() {
    return type;
  }

  public int status() {
    return status;
  }

  public boolean is(String code) {
    return type.equalsIgnoreCase(code);
  }

  /** Worth trying again: the service failed or throttled, rather than refused the request. */
  public boolean isTransient() {
    return status >= 500 || status == 429 || is("ThrottlingException") || is("ServerException");
  }

  /** The code as SDKs read it: text before '#' and after ':' dropped. */
  static String code(String raw) {
    String code = raw;
    int hash = code.indexOf('#');
    if (hash >= 0) {
      code = code.substring(hash + 1);
    }
    int colon = code.indexOf(':');
    return colon >= 0 ? code.substring(0, colon) : code;
  }
}
