// Renders what the console shows. Every value from the API goes into the page as text (textContent),
// never as markup, so a cluster or service name cannot inject anything.

import { definitionName, group, placement, ports, progress, reservation, shortId, time, timeline } from "./model.js";

/** Builds an element: h("td", { class: "x", data: { field: "running" } }, "text", child, ...). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === "data") {
      Object.entries(value).forEach(([k, v]) => { element.dataset[k] = v; });
    } else if (name.startsWith("on")) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? "" : value);
    }
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

function formatTime(date) {
  if (!date) {
    return "";
  }
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
    + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function timeElement(value) {
  const date = time(value);
  return date ? h("time", { datetime: date.toISOString() }, formatTime(date)) : "";
}

/**
 * A horizontal bar with its figure written out beside it. A reservation bar turns amber, then red, as
 * the instance fills up; a progress bar is just progress.
 */
function bar(percent, label, detail, kind = "reservation") {
  const fill = h("span", { class: "fill" });
  fill.style.width = `${Math.max(0, Math.min(100, percent))}%`;
  const level = kind !== "reservation" ? "progress" : percent >= 90 ? "high" : percent >= 70 ? "mid" : "low";
  return h("div", { class: `meter ${level}` },
    h("span", { class: "bar", role: "img", "aria-label": `${label} ${percent}%` }, fill),
    h("span", { class: "figure" }, h("span", { class: "percent", data: { field: "percent" } }, `${percent}%`),
      detail ? h("span", { class: "detail" }, ` ${detail}`) : ""));
}

function table(caption, headings, rows, empty) {
  if (rows.length === 0) {
    return h("p", { class: "empty" }, empty);
  }
  return h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": caption },
    h("table", {},
      h("caption", { class: "visually-hidden" }, caption),
      h("thead", {}, h("tr", {}, headings.map((text) => h("th", { scope: "col" }, text)))),
      h("tbody", {}, rows)));
}

function section(id, title, ...content) {
  return h("section", { class: "card", id, "aria-labelledby": `${id}-title` },
    h("h3", { id: `${id}-title` }, title), ...content);
}

/** The cluster list: one button each, the selected one marked for screen readers too. */
export function renderClusterList(list, clusters, selected, onSelect) {
  list.replaceChildren(...clusters.map((cluster) => {
    const current = cluster.clusterName === selected;
    return h("li", {},
      h("button", { type: "button", class: "cluster-button", "aria-current": current ? "true" : null,
        data: { cluster: cluster.clusterName }, onclick: () => onSelect(cluster.clusterName) },
        h("span", { class: "name" }, cluster.clusterName),
        h("span", { class: "counts" },
          `${cluster.registeredContainerInstancesCount || 0} instances · `
          + `${cluster.runningTasksCount || 0} running · ${cluster.pendingTasksCount || 0} pending · `
          + `${cluster.activeServicesCount || 0} services`),
        cluster.status !== "ACTIVE" ? h("span", { class: "badge" }, cluster.status) : ""));
  }));
  if (clusters.length === 0) {
    list.replaceChildren(h("li", { class: "empty" }, "No clusters yet."));
  }
}

function instancesSection(instances) {
  const rows = instances.map((instance) => {
    const cpu = reservation(instance, "CPU");
    const memory = reservation(instance, "MEMORY");
    const id = shortId(instance.containerInstanceArn);
    return h("tr", { data: { instance: id } },
      h("th", { scope: "row" }, h("span", { class: "mono id", title: id }, id),
        instance.ec2InstanceId ? h("span", { class: "sub" }, instance.ec2InstanceId) : ""),
      h("td", {}, instance.status,
        instance.agentConnected === false ? h("span", { class: "badge warn" }, "agent disconnected") : ""),
      h("td", { data: { field: "cpu" } }, bar(cpu.percent, "CPU reserved", `${cpu.used}/${cpu.registered}`)),
      h("td", { data: { field: "memory" } },
        bar(memory.percent, "Memory reserved", `${memory.used}/${memory.registered} MiB`)),
      h("td", { class: "num", data: { field: "running" } }, instance.runningTasksCount || 0),
      h("td", { class: "num", data: { field: "pending" } }, instance.pendingTasksCount || 0));
  });
  return section("instances", `Container instances (${instances.length})`,
    table("Container instances", ["Instance", "Status", "CPU reserved", "Memory reserved", "Running", "Pending"],
      rows, "No container instances are registered in this cluster."));
}

function deployments(service) {
  return h("ul", { class: "deployments" }, (service.deployments || []).map((d) => {
    const percent = progress(d);
    return h("li", { data: { deployment: d.id || "" } },
      h("span", { class: "badge" + (d.status === "PRIMARY" ? " primary" : "") }, d.status),
      d.rolloutState ? h("span", { class: "badge" + (d.rolloutState === "FAILED" ? " warn" : "") }, d.rolloutState)
        : "",
      h("span", { class: "sub" }, definitionName(d.taskDefinition)),
      bar(percent, "Deployment progress", `${d.runningCount || 0}/${d.desiredCount || 0} running`
        + (d.pendingCount ? `, ${d.pendingCount} pending` : "") + (d.failedTasks ? `, ${d.failedTasks} failed` : ""),
      "progress"));
  }));
}

function servicesSection(services) {
  const rows = services.map((service) => h("tr", { data: { service: service.serviceName } },
    h("th", { scope: "row" }, service.serviceName,
      service.schedulingStrategy === "DAEMON" ? h("span", { class: "badge" }, "DAEMON") : ""),
    h("td", {}, service.status),
    h("td", { class: "num", data: { field: "desired" } }, service.desiredCount || 0),
    h("td", { class: "num", data: { field: "running" } }, service.runningCount || 0),
    h("td", { class: "num", data: { field: "pending" } }, service.pendingCount || 0),
    h("td", {}, deployments(service))));
  return section("services", `Services (${services.length})`,
    table("Services", ["Service", "Status", "Desired", "Running", "Pending", "Deployments"], rows,
      "No services in this cluster."));
}

function tasksSection(tasks, instanceNames, showStopped, onToggleStopped) {
  const rows = tasks.map((task) => {
    const id = shortId(task.taskArn);
    return h("tr", { data: { task: id } },
      h("th", { scope: "row" }, h("span", { class: "mono id", title: id }, id)),
      h("td", {}, h("span", { class: `state ${String(task.lastStatus).toLowerCase()}` }, task.lastStatus),
        task.desiredStatus !== task.lastStatus ? h("span", { class: "sub" }, `→ ${task.desiredStatus}`) : ""),
      h("td", {}, definitionName(task.taskDefinitionArn)),
      h("td", {}, h("span", { class: "mono id" },
        instanceNames.get(task.containerInstanceArn) || shortId(task.containerInstanceArn))),
      h("td", { class: "mono" }, ports(task).join(", ")),
      h("td", {}, group(task)),
      h("td", {}, timeElement(task.startedAt || task.createdAt)),
      h("td", {}, task.stoppedReason || ""));
  });
  const toggle = h("label", { class: "toggle" },
    h("input", { type: "checkbox", id: "show-stopped", checked: showStopped, onchange: onToggleStopped }),
    " Show stopped tasks");
  return section("tasks", `Tasks (${tasks.length})`, toggle,
    table("Tasks", ["Task", "State", "Task definition", "Instance", "Ports", "Group", "Started", "Stopped reason"],
      rows, showStopped ? "No tasks." : "No running or pending tasks."));
}

function placementSection(instances, tasks) {
  const { byInstance, unplaced } = placement(instances, tasks.filter((t) => t.lastStatus !== "STOPPED"));
  const box = (title, list, key) => h("li", { class: "host", data: { host: key } },
    h("h4", { class: "mono id", title }, title),
    list.length === 0 ? h("p", { class: "empty" }, "No tasks")
      : h("ul", { class: "chips" }, list.map((task) => h("li", {
        class: `chip ${String(task.lastStatus).toLowerCase()}`,
        title: `${shortId(task.taskArn)} ${task.lastStatus}`,
      }, group(task).replace(/^service:/, ""), h("span", { class: "visually-hidden" }, `, ${task.lastStatus}`)))));
  const hosts = instances.map((i) => box(shortId(i.containerInstanceArn), byInstance.get(i.containerInstanceArn),
    shortId(i.containerInstanceArn)));
  if (unplaced.length) {
    hosts.push(box("Other instances", unplaced, "other"));
  }
  return section("placement", "Placement",
    hosts.length ? h("ul", { class: "hosts" }, hosts) : h("p", { class: "empty" }, "No instances."));
}

function eventsSection(services) {
  const events = timeline(services);
  return section("events", "Service events",
    events.length === 0 ? h("p", { class: "empty" }, "No service events yet.")
      : h("ol", { class: "timeline" }, events.map((e) => h("li", {},
        timeElement(e.at ? e.at.getTime() / 1000 : null),
        h("span", { class: "badge" }, e.service),
        h("span", { class: "message" }, e.message)))));
}

/** The selected cluster: its instances, services, tasks, placement and events. */
export function renderCluster(container, data, handlers) {
  const { cluster, instances, services, tasks, showStopped } = data;
  const names = new Map(instances.map((i) => [i.containerInstanceArn, i.ec2InstanceId
    || shortId(i.containerInstanceArn)]));
  container.replaceChildren(
    h("h2", { id: "cluster-title", data: { cluster: cluster.clusterName } }, cluster.clusterName,
      h("span", { class: "badge" }, cluster.status)),
    h("div", { class: "grid" },
      instancesSection(instances),
      servicesSection(services),
      tasksSection(tasks, names, showStopped, handlers.onToggleStopped),
      placementSection(instances, tasks),
      eventsSection(services)));
}
