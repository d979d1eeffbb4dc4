package dev.berth.functions.endpoint;

import dev.berth.auth.identity.MasterKey;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/** The deployed master key: a KMS HMAC key, used through GenerateMac so the key never leaves KMS. */
public final class KmsMasterKey implements MasterKey {
  private final KmsClient kms;
  private final String keyId;

  public KmsMasterKey(KmsClient kms, String keyId) {
    this.kms = kms;
    this.keyId = keyId;
  }

  @Override
  public byte[] mac(byte[] message) {
    return kms.generateMac(b -> b.keyId(keyId).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
        .message(SdkBytes.fromByteArray(message))).mac().asByteArray();
  }
}
