package dev.berth.store;

import dev.berth.core.Config;
import dev.berth.core.store.TargetGroups;
import dev.berth.model.service.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/**
 * {@link TargetGroups} against the AWS endpoint (the emulator's when one is configured). The client
 * is built on first use, so the functions that never touch a load balancer never pay for it, nor
 * load any of its classes. Each call retries throttling and server errors with the SDK's standard
 * backoff (five attempts).
 */
@Singleton
public final class ElbTargetGroups implements TargetGroups {
  private static final String DELAY = "deregistration_delay.timeout_seconds";
  private static final int DEFAULT_DELAY = 300;

  private final Config config;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private volatile Calls calls;

  @Inject
  public ElbTargetGroups(Config config, SdkHttpClient http, AwsCredentialsProvider credentials) {
    this.config = config;
    this.http = http;
    this.credentials = credentials;
  }

  private Calls calls() {
    Calls c = calls;
    if (c == null) {
      synchronized (this) {
        if (calls == null) {
          calls = new Calls(AwsModule.configured(ElasticLoadBalancingV2Client.builder(), config, http, credentials)
              .overrideConfiguration(o -> o
                  .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(5).build())
                  .apiCallTimeout(Duration.ofSeconds(20)))
              .build());
        }
        c = calls;
      }
    }
    return c;
  }

  @Override
  public Map<String, Info> describe(Collection<String> arns) {
    return calls().describe(arns);
  }

  @Override
  public int deregistrationDelaySeconds(String arn) {
    return calls().deregistrationDelaySeconds(arn);
  }

  @Override
  public void register(String arn, List<Target> targets) {
    calls().register(arn, targets);
  }

  @Override
  public void deregister(String arn, List<Target> targets) {
    calls().deregister(arn, targets);
  }

  @Override
  public List<Health> health(String arn) {
    return calls().health(arn);
  }

  /**
   * The calls themselves, in a class of their own: the JVM loads the SDK classes this names (the
   * exceptions it catches) only when the first call is made, so a function whose requests never reach
   * a load balancer needs none of them.
   */
  private static final class Calls implements TargetGroups {
    private final ElasticLoadBalancingV2Client client;

    Calls(ElasticLoadBalancingV2Client client) {
      this.client = client;
    }

    @Override
    public Map<String, Info> describe(Collection<String> arns) {
      Map<String, Info> found = new LinkedHashMap<>();
      // One call names every group; ELB refuses the whole call if one is missing, so then ask one by one.
      try {
        client.describeTargetGroups(b -> b.targetGroupArns(arns)).targetGroups()
            .forEach(g -> found.put(g.targetGroupArn(), info(g)));
        return found;
      } catch (TargetGroupNotFoundException someMissing) {
        for (String arn : arns) {
          try {
            client.describeTargetGroups(b -> b.targetGroupArns(arn)).targetGroups()
                .forEach(g -> found.put(g.targetGroupArn(), info(g)));
          } catch (TargetGroupNotFoundException missing) {
            // absent from the answer
          }
        }
        return found;
      } catch (SdkException e) {
        throw new Failure("DescribeTargetGroups failed: " + e.getMessage(), e);
      }
    }

    private static Info info(software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup g) {
      return new Info(g.targetGroupArn(), g.targetTypeAsString(), g.loadBalancerArns());
    }

    @Override
    public int deregistrationDelaySeconds(String arn) {
      try {
        return client.describeTargetGroupAttributes(b -> b.targetGroupArn(arn)).attributes().stream()
            .filter(a -> DELAY.equals(a.key()))
            .map(a -> Integer.parseInt(a.value()))
            .findFirst().orElse(DEFAULT_DELAY);
      } catch (SdkException e) {
        throw new Failure("DescribeTargetGroupAttributes failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void register(String arn, List<Target> targets) {
      if (targets.isEmpty()) {
        return;
      }
      try {
        client.registerTargets(b -> b.targetGroupArn(arn).targets(descriptions(targets)));
      } catch (SdkException e) {
        throw new Failure("RegisterTargets failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void deregister(String arn, List<Target> targets) {
      if (targets.isEmpty()) {
        return;
      }
      try {
        client.deregisterTargets(b -> b.targetGroupArn(arn).targets(descriptions(targets)));
      } catch (TargetGroupNotFoundException gone) {
        // nothing left to deregister from
      } catch (InvalidTargetException notRegistered) {
        // some load balancers refuse a batch naming a target that is not registered (a repeat of a
        // deregistration that was not saved): deregister one by one, skipping those
        for (Target t : targets) {
          try {
            client.deregisterTargets(b -> b.targetGroupArn(arn).targets(descriptions(List.of(t))));
          } catch (InvalidTargetException | TargetGroupNotFoundException already) {
            // already gone
          } catch (SdkException e) {
            throw new Failure("DeregisterTargets failed: " + e.getMessage(), e);
          }
        }
      } catch (SdkException e) {
        throw new Failure("DeregisterTargets failed: " + e.getMessage(), e);
      }
    }

    @Override
    public List<Health> health(String arn) {
      try {
        List<Health> out = new ArrayList<>();
        client.describeTargetHealth(b -> b.targetGroupArn(arn)).targetHealthDescriptions().forEach(d -> out.add(
            new Health(d.target().id(), d.target().port() == null ? 0 : d.target().port(),
                d.targetHealth() == null ? "unavailable" : d.targetHealth().stateAsString(),
                d.targetHealth() == null ? null : d.targetHealth().reasonAsString(),
                d.targetHealth() == null ? null : d.targetHealth().description())));
        return out;
      } catch (SdkException e) {
        throw new Failure("DescribeTargetHealth failed: " + e.getMessage(), e);
      }
    }

    private static List<TargetDescription> descriptions(List<Target> targets) {
      return targets.stream().map(t -> TargetDescription.builder().id(t.id()).port(t.port()).build()).toList();
    }
  }
}
