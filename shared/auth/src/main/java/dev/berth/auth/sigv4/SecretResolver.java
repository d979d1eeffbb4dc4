package dev.berth.auth.sigv4;

/**
 * Looks up an access key id (and the session token sent with it, or null). Throws
 * {@link AuthException} with {@link AuthError#UNRECOGNIZED_CLIENT} for an unknown or inactive key or a
 * token that does not belong to it, and {@link AuthError#EXPIRED_TOKEN} for an expired one.
 */
@FunctionalInterface
public interface SecretResolver<P> {
  SigningSecret<P> resolve(String accessKeyId, String sessionToken);
}
