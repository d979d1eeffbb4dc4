// The console: signs in, then every few seconds reads the clusters and the selected cluster's
// instances, services and tasks through the ECS API, and shows them.

import * as credentials from "./credentials.js";
import { EcsClient } from "./ecs.js";
import { renderCluster, renderClusterList } from "./view.js";

const REFRESH_MS = 5000;
const $ = (id) => document.getElementById(id);

const state = {
  client: null,
  selected: null,
  showStopped: false,
  paused: false,
  timer: null,
  loading: false,
  // a refresh asked for while one is running (a cluster chosen): it runs as soon as that one ends
  again: false,
};

/** The API's region: in a deployed endpoint's host name, else the local default. */
function defaultRegion() {
  const match = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(location.host);
  return match ? match[1] : "us-east-1";
}

function endpoint() {
  return new URL("/", location.href).toString();
}

function setStatus(text, isError = false) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

function showSignIn(message) {
  stopTimer();
  state.client = null;
  document.body.dataset.state = "signed-out";
  $("console").hidden = true;
  $("session-actions").hidden = true;
  $("who").hidden = true;
  $("sign-in").hidden = false;
  $("region").value = $("region").value || defaultRegion();
  $("sign-in-error").textContent = message || "";
  setStatus(message ? "" : "Signed out.");
  $("access-key-id").focus();
}

function start(saved) {
  state.client = new EcsClient(endpoint(), saved);
  $("sign-in").hidden = true;
  $("console").hidden = false;
  $("session-actions").hidden = false;
  $("who").hidden = false;
  $("who").textContent = `${saved.accessKeyId} · ${saved.region}`;
  refresh();
}

function stopTimer() {
  clearTimeout(state.timer);
  state.timer = null;
}

function schedule() {
  stopTimer();
  if (!state.paused && state.client && !document.hidden) {
    state.timer = setTimeout(refresh, REFRESH_MS);
  }
}

function selectCluster(name) {
  state.selected = name;
  history.replaceState(null, "", location.pathname + location.search + "#cluster=" + encodeURIComponent(name));
  refresh();
}

/** The focused element's identity, so a re-render can give focus back to its replacement. */
function focusKey() {
  const active = document.activeElement;
  if (!active || active === document.body) {
    return null;
  }
  if (active.dataset && active.dataset.cluster && active.classList.contains("cluster-button")) {
    return `[data-cluster="${CSS.escape(active.dataset.cluster)}"].cluster-button`;
  }
  return active.id ? `#${CSS.escape(active.id)}` : null;
}

async function load() {
  const client = state.client;
  const arns = await client.listAll("ListClusters", { maxResults: 100 }, "clusterArns");
  const clusters = (await client.describeAll("DescribeClusters", {}, "clusters", arns, 100, "clusters"))
    .sort((a, b) => a.clusterName.localeCompare(b.clusterName));
  if (!clusters.some((c) => c.clusterName === state.selected)) {
    state.selected = clusters.length ? (clusters.find((c) => c.clusterName === "default") || clusters[0]).clusterName
      : null;
  }
  const cluster = clusters.find((c) => c.clusterName === state.selected);
  if (!cluster) {
    return { clusters, detail: null };
  }
  const scope = { cluster: cluster.clusterArn };
  const [instanceArns, serviceArns, runningArns, stoppedArns] = await Promise.all([
    client.listAll("ListContainerInstances", { ...scope, maxResults: 100 }, "containerInstanceArns"),
    client.listAll("ListServices", { ...scope, maxResults: 100 }, "serviceArns"),
    client.listAll("ListTasks", { ...scope, maxResults: 100, desiredStatus: "RUNNING" }, "taskArns"),
    state.showStopped ? client.listAll("ListTasks", { ...scope, maxResults: 100, desiredStatus: "STOPPED" }, "taskArns")
      : Promise.resolve([]),
  ]);
  const [instances, services, tasks] = await Promise.all([
    client.describeAll("DescribeContainerInstances", scope, "containerInstances", instanceArns, 100,
      "containerInstances"),
    client.describeAll("DescribeServices", scope, "services", serviceArns, 10, "services"),
    client.describeAll("DescribeTasks", scope, "tasks", [...runningArns, ...stoppedArns], 100, "tasks"),
  ]);
  tasks.sort((a, b) => String(a.group).localeCompare(String(b.group)) || a.taskArn.localeCompare(b.taskArn));
  services.sort((a, b) => a.serviceName.localeCompare(b.serviceName));
  return { clusters, detail: { cluster, instances, services, tasks, showStopped: state.showStopped } };
}

async function refresh() {
  if (!state.client) {
    return;
  }
  if (state.loading) {
    state.again = true;
    return;
  }
  stopTimer();
  state.loading = true;
  try {
    const { clusters, detail } = await load();
    const focus = focusKey();
    renderClusterList($("cluster-list"), clusters, state.selected, selectCluster);
    if (detail) {
      renderCluster($("cluster"), detail, {
        onToggleStopped: (e) => { state.showStopped = e.target.checked; refresh(); },
      });
    } else {
      $("cluster").replaceChildren();
    }
    if (focus) {
      const target = document.querySelector(focus);
      if (target) {
        target.focus({ preventScroll: true });
      }
    }
    document.body.dataset.state = "loaded";
    setStatus(`Updated ${new Date().toLocaleTimeString()}` + (state.paused ? " · updates paused" : ""));
  } catch (e) {
    if (e.refusedKey) {
      credentials.clear();
      showSignIn(`${e.type}: ${e.message}`);
      return;
    }
    document.body.dataset.state = "error";
    setStatus(`Could not update: ${e.type || "Error"}: ${e.message}`, true);
  } finally {
    state.loading = false;
  }
  if (state.again) {
    state.again = false;
    refresh();
    return;
  }
  schedule();
}

function wire() {
  $("sign-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const saved = {
      accessKeyId: String(form.get("accessKeyId")).trim(),
      secretAccessKey: String(form.get("secretAccessKey")).trim(),
      region: String(form.get("region")).trim(),
    };
    credentials.save(saved);
    $("secret-access-key").value = "";
    start(saved);
  });
  $("sign-out").addEventListener("click", () => {
    credentials.clear();
    showSignIn();
  });
  $("refresh").addEventListener("click", () => refresh());
  $("pause").addEventListener("click", (event) => {
    state.paused = !state.paused;
    event.target.setAttribute("aria-pressed", String(state.paused));
    event.target.textContent = state.paused ? "Resume updates" : "Pause updates";
    if (state.paused) {
      stopTimer();
      setStatus("Updates paused.");
    } else {
      refresh();
    }
  });
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      stopTimer();
    } else if (state.client && !state.paused) {
      refresh();
    }
  });
}

function main() {
  wire();
  const fragment = credentials.takeFromFragment(defaultRegion());
  state.selected = fragment.get("cluster");
  const saved = credentials.load();
  if (saved) {
    start(saved);
  } else {
    showSignIn();
  }
}

main();
