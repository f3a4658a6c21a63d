"""Pieces that more than one page lays out, and their session bookkeeping."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Collection, Iterator
from typing import Any, Literal

import streamlit as st

import entropy

from . import levers as lv
from . import share, state, uploads, views
from .jobs import Busy, Job
from .i18n import t
from .models import AppModel

_LOG = logging.getLogger("entropy.ui")

#: Scenarios one session may save or upload (each is kept in its session state).
MAX_SAVED = 50
#: Widths (px) of the Network page's link editor's columns (sender, receiver, on/off, shares) (fixed: the
#: browser test finds a row's cells by position, the grid being a canvas).
LINK_EDITOR_WIDTHS = (170, 170, 70, 150, 150)
#: Upload outcomes remembered per session (the file stays in the uploader across reruns).
_SEEN_KEEP = 20


def take_upload(upload: Any, shipped: Collection[str], saved: dict[str, str], model_ref: str,
                lang: str) -> tuple[Literal["error", "success"], str]:
    """Check an uploaded scenario once, add it to ``saved``, and say what happened.

    The uploader hands the same file to every rerun until it is removed, so the
    outcome is remembered by the file's id: it is checked and added once, and
    the same message is shown again.

    Parameters
    ----------
    upload : streamlit UploadedFile
        What ``st.file_uploader`` returned.
    shipped : collection of str
        The shipped scenarios' names.
    saved : dict of str to str
        The session's saved scenarios (name to TOML), updated in place.
    model_ref : str
        The shipped model's name, written into the stored TOML.
    lang : str
        Language of the message.

    Returns
    -------
    ("error" or "success", message)
        The message is plain text (the caller escapes it for Markdown).
    """
    seen: dict[str, tuple[Literal["error", "success"], str]] = st.session_state.setdefault(state.UPLOAD_SEEN, {})
    key = str(upload.file_id)
    if key in seen:
        return seen[key]
    outcome: tuple[Literal["error", "success"], str]
    try:
        if int(upload.size) > uploads.MAX_UPLOAD_BYTES:  # before reading it
            raise uploads.UploadError(
                f"{uploads.clean_name(upload.name)}: {int(upload.size):,} bytes is too large for a scenario "
                f"file here (at most {uploads.MAX_UPLOAD_BYTES // 1024} kB)")
        accepted = uploads.read_upload(str(upload.name), upload.getvalue(), shipped, model_ref)
        if accepted.scenario.model.name != model_ref:
            raise uploads.UploadError(t("link_other_model", lang).format(
                file=uploads.clean_name(upload.name), model=accepted.scenario.model.name))
        if accepted.name not in saved and len(saved) >= MAX_SAVED:
            raise uploads.UploadError(t("too_many_saved", lang).format(n=MAX_SAVED))
    except uploads.UploadError as exc:
        outcome = ("error", str(exc))
    else:
        saved[accepted.name] = accepted.toml
        if accepted.renamed_from is not None:
            message = t("upload_renamed", lang).format(old=accepted.renamed_from, new=accepted.name)
        else:
            message = f"{t('upload_ok', lang)}: {accepted.name}"
        outcome = ("success", message)
    seen[key] = outcome
    while len(seen) > _SEEN_KEEP:
        seen.pop(next(iter(seen)))
    return outcome


def session_setting(app: AppModel) -> dict[str, float]:
    """This session's setting of ``app``: its levers that differ from the base, and its preset's other constants."""
    extras: dict[str, dict[str, float]] = st.session_state[state.PRESET_EXTRA]
    return lv.setting(app, extras.get(app.name))


def sync_link(app: AppModel, engine: str, setting: dict[str, float]) -> dict[str, str]:
    """Put the setting's link in the address bar (when it changed); return its query parameters."""
    params = share.encode(app, engine, setting)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    return params


def copy_link(params: dict[str, str], lang: str) -> None:
    """The "Copy link" button: the link to this page and setting, with Streamlit's copy button."""
    with st.popover(t("copy_link", lang), width="stretch"):
        st.caption(t("copy_link_help", lang))
        st.code(share.page_url(str(st.context.url or ""), params), language=None, wrap_lines=True)


@contextlib.contextmanager
def errors_shown(lang: str) -> Iterator[None]:
    """Show what goes wrong inside as a message, never a traceback (the page and a fragment alike).

    The package's own messages say what was wrong and what is allowed; anything else is a
    bug, whose details go to the server log, not the visitor. (Streamlit's rerun and stop
    signals are not Exceptions and pass through.)
    """
    try:
        yield
    except entropy.EntropyError as exc:
        st.error(views.alert_text(str(exc)))
    except Exception:
        _LOG.exception("page failed")
        st.error(t("unexpected_error", lang))


#: Seconds between two looks at a running background job.
POLL_SECONDS = 0.5


def wait_for(job: Job, lang: str, key: str) -> None:
    """Show a background job's progress in place of its results; rerun the page once it is done.

    The bar is a fragment that redraws itself every :data:`POLL_SECONDS`, so
    only it reruns while the job goes on: every other widget on the page
    stays live. ``key`` names the bar (one per job shown on a page).
    """

    @st.fragment(run_every=POLL_SECONDS)
    def poll() -> None:
        if job.finished:
            st.rerun()  # the whole page: it draws the results
        text = (t("ens_progress", lang).format(done=job.done, total=job.total) if job.total
                else t("job_started" if job.started else "job_queued", lang))
        st.progress(job.fraction, text=text)

    with st.container(key=key):
        poll()


def uploader_words(lang: str, kind: str = "TOML") -> None:
    """Put the file uploader's own words (its button, its size limit) in the session's language.

    Streamlit draws them in English and offers no way to change them, so in
    Chinese a style sheet hides them and shows the translation in their place
    (the button still reads "Upload" to a screen reader). ``kind``: the file type it takes.
    """
    if lang == "en":
        return
    limit = t("upload_limit", lang).format(mb=st.get_option("server.maxUploadSize"), kind=kind)
    button = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
    note = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    st.html(f"""<style>
{button}, {note} {{ font-size: 0; }}
{button}::after {{ content: "{t('upload_button', lang)}"; font-size: 0.875rem; }}
{note}::after {{ content: "{limit}"; font-size: 0.875rem; }}
</style>""")


def job_or_message(lang: str, ask: Callable[[], Job]) -> Job | None:
    """The background job ``ask`` returns, or None with the reason shown (a bad scenario, a busy server)."""
    try:
        return ask()
    except entropy.EntropyError as exc:
        st.error(views.alert_text(str(exc)))
    except Busy:
        st.warning(t("busy", lang))
    return None


def finished(job: Job | None, lang: str, key: str) -> Job | None:
    """``job`` when its result is in; else None, with its progress bar drawn (see :func:`wait_for`)."""
    if job is None:
        return None
    if job.finished and not job.stopped:
        return job
    wait_for(job, lang, key)
    return None
