// The plot view, shared by PlotWidget, SwitcherWidget and compare(): an account badge and
// toolbar, the upload progress, the error, and the viewer iframe.
//
// It updates in place. The iframe is created once and its src set only when `url` changes:
// reloading it would throw away what the user did in the viewer (zoom, selection).
//
// With the `snapshot` trait on, the view asks its viewer for a snapshot once the viewer says it
// listens, and hands the PNG to the kernel as a custom message's buffer: the kernel shows it in the
// plot's static output, which the saved notebook keeps (graphistry_jupyter/widgets/snapshot.py).
import type { AnyModel } from "@anywidget/types";
import { SNAPSHOT, isViewerHello, originOf, parseFromViewer, snapshotRequestFrame, themeFrame } from "../protocol/frames";
import type { PlotViewMessage, SnapshotMessage } from "../protocol/widget_messages";
import { datasetOf } from "./grant_relay";
import { createBadge, h, onTraits, safeHttpUrl, setShown, setText, updateBadge } from "./dom";
import { accountTitle, formatBytes, percentOf, rowsProgress } from "./format";
import { createGrantRelay } from "./grant_relay";
import { holdControls, noKernelNotice, type KernelLink } from "./kernel";
import { notebookTheme, watchNotebookTheme } from "./theme_relay";
import type { PlotModel } from "./types";

/** What "unverified TLS" means, for its tooltip and for screen readers. */
export const UNVERIFIED_MEANS = "this account does not check the server's TLS certificate";

const PLOT_TRAITS: ReadonlyArray<keyof PlotModel> = [
  "status",
  "stage",
  "bytes_sent",
  "bytes_total",
  "rows_sent",
  "rows_total",
  "url",
  "error",
  "height",
  "account_label",
  "account_color",
  "account_user",
  "account_server",
  "certificate_validation",
  "privacy",
  "deadline_s",
];

export interface PlotViewOptions {
  /**
   * Takes the note saying why the frame may ask to sign in, instead of showing it in the view:
   * compare() shows one note for all its panes.
   */
  readonly onNote?: (text: string) => void;
  /**
   * Whether a kernel is behind the view (kernel.ts). Without one the view shows the plot as saved,
   * with no frame: a private plot's frame could only ask to sign in, since no grant can come.
   */
  readonly kernel?: KernelLink;
  /** Whether this view says "No kernel" itself (compare() says it once for all its panes). */
  readonly saysNoKernel?: boolean;
}

/**
 * Renders the plot of `model` into `parent`; returns the cleanup.
 * `model` may be a PlotWidget's or any model carrying the PlotWidget traits (the switcher's).
 */
export function mountPlotView<T extends PlotModel>(
  model: AnyModel<T>,
  parent: HTMLElement,
  options: PlotViewOptions = {},
): () => void {
  // The plot traits of T are exactly PlotModel's: read them through that narrower view.
  const plot = model as unknown as AnyModel<PlotModel>;
  const events = new AbortController();

  const badge = createBadge();
  const titleText = h("span", { class: "gj-muted" });
  // The same words as the login card's; the hidden rest says what they mean to a screen reader.
  const unverified = h("span", { class: "gj-unverified", title: UNVERIFIED_MEANS }, [
    "unverified TLS",
    h("span", { class: "gj-visually-hidden" }, [`: ${UNVERIFIED_MEANS}`]),
  ]);
  const note = h("span", { class: "gj-plot-note" });
  const openLink = h("a", { class: "gj-link", target: "_blank", rel: "noopener" }, ["Open in new tab"]);
  const replotButton = h("button", { type: "button", class: "gj-button" }, ["Re-plot"]);
  const toolbar = h("div", { class: "gj-toolbar" }, [
    badge,
    titleText,
    unverified,
    h("span", { class: "gj-spacer" }),
    openLink,
    replotButton,
  ]);

  const message = h("span", { class: "gj-plot-message" });
  const bar = h("progress", { class: "gj-progressbar", "aria-label": "Upload progress" });
  const percent = h("span", { class: "gj-percent" });
  const statusLine = h("div", { class: "gj-plot-status", role: "status" }, [message, bar, percent]);
  const alert = h("div", { class: "gj-alert", role: "alert" });
  const frameBox = h("div", { class: "gj-frame-box" });

  const notice = noKernelNotice();
  const root = h("div", { class: "gj-root gj-plot", role: "group" }, [
    ...(options.saysNoKernel === false ? [] : [notice]),
    toolbar,
    note,
    statusLine,
    alert,
    frameBox,
  ]);
  parent.append(root);

  let iframe: HTMLIFrameElement | null = null;
  let iframeUrl = "";
  // Why the frame may ask to sign in (a server without single sign-in, a logged-out account).
  let grantNote = "";
  const relay = createGrantRelay(plot, (text) => {
    grantNote = text;
    update();
  });

  const live = (): boolean => options.kernel?.live ?? true;

  const update = (): void => {
    const saved = plot.get("status");
    // An upload under way when the notebook was saved is not any more.
    const status = !live() && saved === "uploading" ? "waiting" : saved;
    const label = plot.get("account_label");
    const title = accountTitle(plot.get("account_user"), plot.get("account_server"));
    const url = safeHttpUrl(plot.get("url"));
    const named = title ? `${label || "account"} (${title})` : label || "account";

    const verified = plot.get("certificate_validation") !== false;
    root.setAttribute("aria-label", `Plot on ${named}${verified ? "" : ", unverified TLS"}`);
    updateBadge(badge, label, plot.get("account_color"), title);
    setText(titleText, title);
    setShown(unverified, !verified);

    const ready = status === "ready" && url !== "";
    if (url) openLink.href = url;
    else openLink.removeAttribute("href");
    setShown(openLink, ready);
    setShown(replotButton, live() && (status === "ready" || status === "error"));

    const noteText = ready ? grantNote : "";
    if (options.onNote) {
      options.onNote(noteText);
      setShown(note, false);
    } else {
      setText(note, noteText);
      setShown(note, noteText !== "");
    }

    // Status line: waiting for a login, or the upload's stage and progress.
    if (status === "waiting") {
      setText(message, `Waiting for ${label || "the account"} to log in`);
    } else if (status === "uploading") {
      setText(message, plot.get("stage") || "Uploading…");
    } else {
      setText(message, "");
    }
    const sent = plot.get("bytes_sent");
    const total = plot.get("bytes_total");
    const pct = status === "uploading" ? percentOf(sent, total) : null;
    // A table streamed in batches whose byte size is unknown (dask, a lazy polars table) counts
    // its rows instead: of its length when known, else an indeterminate bar saying how many.
    const rowsSent = plot.get("rows_sent") ?? 0;
    const rowsTotal = plot.get("rows_total") ?? 0;
    const rows = status === "uploading" && pct === null ? rowsProgress(rowsSent, rowsTotal) : "";
    const rowsPct = rows ? percentOf(rowsSent, rowsTotal) : null;
    if (pct !== null) {
      bar.max = total;
      bar.value = Math.min(sent, total);
      const words = `${formatBytes(sent)} of ${formatBytes(total)}`;
      setText(percent, `${pct}% (${words})`);
      bar.setAttribute("aria-valuetext", `${pct}%, ${words} sent`);
    } else if (rowsPct !== null) {
      bar.max = rowsTotal;
      bar.value = Math.min(rowsSent, rowsTotal);
      setText(percent, `${rowsPct}% (${rows})`);
      bar.setAttribute("aria-valuetext", `${rowsPct}%, ${rows}`);
    } else {
      // No value: an indeterminate bar, for a known stage of unknown size.
      bar.removeAttribute("value");
      bar.removeAttribute("max");
      setText(percent, rows);
      if (rows) bar.setAttribute("aria-valuetext", rows);
      else bar.removeAttribute("aria-valuetext");
    }
    setShown(bar, status === "uploading");
    setShown(statusLine, live() && (status === "waiting" || status === "uploading"));

    const error = status === "error" ? plot.get("error") || "The plot failed." : "";
    setText(alert, error);
    setShown(alert, error !== "");

    // The iframe: created on the first URL, then only its src follows `url`.
    if (url && !iframe && live()) {
      // `allow` alone: with `allowfullscreen` too, Chromium warns that one overrides the other.
      iframe = h("iframe", { class: "gj-frame", allow: "fullscreen" });
      frameBox.append(iframe);
    }
    if (iframe) {
      if (url && url !== iframeUrl) {
        relay.frameLoaded(iframe, url);
        iframe.src = url;
        iframeUrl = url;
        grantNote = "";
      }
      iframe.title = `Graph plotted on ${named}`;
      iframe.style.height = `${Math.max(0, plot.get("height") || 0)}px`;
      // An older plot stays visible (dimmed) while a new upload runs or after an error.
      iframe.classList.toggle("gj-stale", status !== "ready");
      // A frame loaded before the kernel stopped still shows its graph: it stays.
      setShown(iframe, url !== "");
    }
    if (!live()) holdControls(root, notice, false);
  };

  openLink.addEventListener(
    "click",
    (event) => {
      // A plain click opens the plot signed in; a modified one (new window, copy) keeps the link.
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      const url = safeHttpUrl(plot.get("url"));
      // Without a kernel no grant can come: the link opens the plain URL, as any link does.
      if (!url || !live()) return;
      event.preventDefault();
      relay.openTab(url);
    },
    { signal: events.signal },
  );
  replotButton.addEventListener(
    "click",
    () => plot.send({ type: "replot" } satisfies PlotViewMessage),
    { signal: events.signal },
  );
  // The frame follows the notebook's theme: told when its viewer says it listens, and on change.
  const postTheme = (): void => {
    const target = iframe?.contentWindow;
    const origin = originOf(iframeUrl);
    if (target && origin) target.postMessage(themeFrame(notebookTheme(document)), origin);
  };
  const askSnapshot = (): void => {
    const target = iframe?.contentWindow;
    const origin = originOf(iframeUrl);
    const dataset = datasetOf(iframeUrl);
    if (target && origin && dataset && plot.get("snapshot")) target.postMessage(snapshotRequestFrame(dataset), origin);
  };
  const onFrameMessage = (event: MessageEvent): void => {
    if (!iframe || event.source !== iframe.contentWindow || event.origin !== originOf(iframeUrl)) return;
    const message = parseFromViewer(event.data);
    if (isViewerHello(message)) {
      postTheme();
      askSnapshot();
    } else if (message?.type === SNAPSHOT && message.dataset === datasetOf(iframeUrl) && plot.get("snapshot")) {
      plot.send({ type: "snapshot", dataset: message.dataset } satisfies SnapshotMessage, undefined, [message.png]);
    }
  };
  window.addEventListener("message", onFrameMessage, { signal: events.signal });
  const stopTheme = watchNotebookTheme(document, postTheme);

  const stop = onTraits(plot, PLOT_TRAITS, update);
  const stopKernel =
    options.kernel?.onChange(() => {
      holdControls(root, notice, live());
      update();
    }) ?? (() => {});
  update();

  return () => {
    stopKernel();
    stopTheme();
    stop();
    relay.dispose();
    events.abort();
    root.remove();
  };
}
