package dev.berth.functions.endpoint;

import dev.berth.auth.identity.MasterKey;
import dev.berth.auth.sigv4.SigV4Verifier;
import dev.berth.auth.sts.InstanceRoles;
import dev.berth.core.Config;
import dev.berth.core.account.AccountSettings;
import dev.berth.core.store.AgentConnectionStore;
import dev.berth.core.store.ClusterStore;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.TaskDefinitionStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Arns;
import dev.berth.model.IdSource;
import dev.berth.store.AuditStore;
import dev.berth.store.DynamoAccountSettingStore;
import dev.berth.store.DynamoAgentConnectionStore;
import dev.berth.store.DynamoClusterStore;
import dev.berth.store.DynamoContainerInstanceStore;
import dev.berth.store.DynamoServiceStore;
import dev.berth.store.DynamoTaskDefinitionStore;
import dev.berth.store.DynamoTaskStore;
import dev.berth.store.IdentityStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Assembles the endpoint from its parts; the Lambda handler and the local runtime share it. */
public final class Endpoints {
  /**
   * How the endpoint is set up: authentication on or off (local only), throttle scale, audit
   * retention, how long an agent's instance credential lives, and which EC2 instance roles may
   * register agents in which clusters (BERTH_AGENT_ROLES, see {@link InstanceRoles}).
   */
  public record Settings(boolean authenticate, double throttleScale, Duration auditRetention,
      Duration agentCredentialLifetime, InstanceRoles agentRoles) {
    public static final Settings DEPLOYED = new Settings(true, 1, Duration.ofDays(90));

    public Settings(boolean authenticate, double throttleScale, Duration auditRetention) {
      this(authenticate, throttleScale, auditRetention, AgentCredentials.LIFETIME, InstanceRoles.none());
    }

    public Settings withAgentCredentialLifetime(Duration lifetime) {
      return new Settings(authenticate, throttleScale, auditRetention, lifetime, agentRoles);
    }

    public Settings withAgentRoles(InstanceRoles roles) {
      return new Settings(authenticate, throttleScale, auditRetention, agentCredentialLifetime, roles);
    }
  }

  /**
   * Where Berth sends agents' proofs: STS in the deployment's region, or the AWS endpoint Berth is
   * configured with (the local emulator). Never a URL a caller gives.
   */
  static URI stsEndpoint(Config config) {
    return config.endpoint().orElse(URI.create("https://sts." + config.region().name() + ".amazonaws.com"));
  }

  private Endpoints() {}

  static Endpoint create(Config config, DynamoDbClient dynamo, MasterKey master, Clock clock, Invoker invoker,
      Settings settings) {
    Arns arns = new Arns(config.region());
    IdentityStore identities = new IdentityStore(dynamo, config);
    ContainerInstanceStore instances = new DynamoContainerInstanceStore(dynamo, config);
    TaskStore tasks = new DynamoTaskStore(dynamo, config);
    AuditStore audit = new AuditStore(dynamo, config);
    Authenticator authenticator = new Authenticator(new SigV4Verifier(Set.of(config.region().name()),
        Duration.ofMinutes(5)), identities, instances, master, clock);
    AuditTrail auditTrail = new AuditTrail(audit, config.region(), clock, IdSource.secureRandom(),
        settings.auditRetention());
    return new Endpoint(
        authenticator,
        settings.authenticate(),
        new EcsResources(arns, new DynamoClusterStore(dynamo, config), tasks, new DynamoServiceStore(dynamo, config),
            new DynamoTaskDefinitionStore(dynamo, config), instances),
        new PolicyAuthorizer(clock),
        new AgentPolicy(tasks, instances),
        new AgentCredentials(instances, master, arns, clock, settings.agentCredentialLifetime()),
        new InstanceRoleLogin(settings.agentRoles(), stsEndpoint(config), CallerIdentityService.http(), master, arns,
            clock),
        new Throttle(clock, settings.throttleScale()),
        new IamApi(identities, master, config.region(), clock),
        new CloudTrailApi(audit, clock, settings.auditRetention()),
        auditTrail,
        invoker,
        new AgentChannel(authenticator, settings.authenticate(), new DynamoAgentConnectionStore(dynamo, config), arns,
            auditTrail, clock),
        new TagAuthorization(new AccountSettings(new DynamoAccountSettingStore(dynamo, config), arns), clock));
  }
}
