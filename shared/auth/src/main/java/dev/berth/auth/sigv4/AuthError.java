package dev.berth.auth.sigv4;

/**
 * Why a request was refused before it reached an operation, with the code each protocol uses for it:
 * awsJson services (ECS, CloudTrail) answer {@code jsonCode}, the IAM Query API answers
 * {@code queryCode} with {@code queryStatus}. ECS answers every one of them with 400.
 */
public enum AuthError {
  MISSING_TOKEN("MissingAuthenticationTokenException", "MissingAuthenticationToken", 403),
  INCOMPLETE_SIGNATURE("IncompleteSignatureException", "IncompleteSignature", 400),
  INVALID_SIGNATURE("InvalidSignatureException", "SignatureDoesNotMatch", 403),
  UNRECOGNIZED_CLIENT("UnrecognizedClientException", "InvalidClientTokenId", 403),
  EXPIRED_TOKEN("ExpiredTokenException", "ExpiredToken", 403),
  ACCESS_DENIED("AccessDeniedException", "AccessDenied", 403),
  THROTTLING("ThrottlingException", "Throttling", 400);

  private final String jsonCode;
  private final String queryCode;
  private final int queryStatus;

  AuthError(String jsonCode, String queryCode, int queryStatus) {
    this.jsonCode = jsonCode;
    this.queryCode = queryCode;
    this.queryStatus = queryStatus;
  }

  public String jsonCode() {
    return jsonCode;
  }

  public String queryCode() {
    return queryCode;
  }

  public int queryStatus() {
    return queryStatus;
  }

  /** ECS answers authentication, authorisation and throttling failures with 400. */
  public int jsonStatus() {
    return 400;
  }
}
