// What the console computes from ECS's answers: pure functions, no DOM.

/** The last part of an ARN (a cluster's name, a task's or instance's id). */
export function shortId(arn) {
  if (!arn) {
    return "";
  }
  return arn.slice(arn.lastIndexOf("/") + 1);
}

function resource(list, name) {
  const found = (list || []).find((r) => r.name === name);
  return found ? Number(found.integerValue || 0) : 0;
}

/**
 * How much of an instance's registered CPU or MEMORY is reserved by its tasks, (registered -
 * remaining) / registered, as a whole percentage, with the figures it comes from.
 */
export function reservation(instance, name) {
  const registered = resource(instance.registeredResources, name);
  const remaining = resource(instance.remainingResources, name);
  const used = Math.max(0, registered - remaining);
  return { registered, used, percent: registered > 0 ? Math.round((used * 100) / registered) : 0 };
}

/** The host ports a task's containers are bound to, as "host→container/protocol". */
export function ports(task) {
  const out = [];
  for (const container of task.containers || []) {
    for (const binding of container.networkBindings || []) {
      out.push(`${binding.hostPort}→${binding.containerPort}/${binding.protocol || "tcp"}`);
    }
  }
  return out;
}

/** "family:revision" of a task definition ARN. */
export function definitionName(arn) {
  return shortId(arn);
}

/** A deployment's progress: running of desired, as a percentage (100 when nothing is wanted). */
export function progress(deployment) {
  const desired = Number(deployment.desiredCount || 0);
  const running = Number(deployment.runningCount || 0);
  return desired > 0 ? Math.min(100, Math.round((running * 100) / desired)) : 100;
}

/** ECS timestamps are epoch seconds; a Date, or null. */
export function time(value) {
  if (value === undefined || value === null || value === "") {
    return null;
  }
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Every service's events as one timeline, newest first. */
export function timeline(services, limit = 50) {
  const events = [];
  for (const service of services) {
    for (const event of service.events || []) {
      events.push({ service: service.serviceName, id: event.id, at: time(event.createdAt), message: event.message });
    }
  }
  events.sort((a, b) => (b.at ? b.at.getTime() : 0) - (a.at ? a.at.getTime() : 0));
  return events.slice(0, limit);
}

/** The tasks placed on each instance (by instance ARN), for the placement view. */
export function placement(instances, tasks) {
  const byInstance = new Map(instances.map((i) => [i.containerInstanceArn, []]));
  const unplaced = [];
  for (const task of tasks) {
    const list = byInstance.get(task.containerInstanceArn);
    if (list) {
      list.push(task);
    } else {
      unplaced.push(task);
    }
  }
  return { byInstance, unplaced };
}

/** The group a task belongs to, as ECS names it ("service:web"), or its family. */
export function group(task) {
  return task.group || "family:" + definitionName(task.taskDefinitionArn).split(":")[0];
}
