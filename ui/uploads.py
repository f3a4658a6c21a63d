"""Scenario files uploaded to the app: checked like the command line's, and more tightly.

An upload is untrusted text from one visitor on a server that others share, so
before anything runs it must be small, UTF-8, a valid scenario of a shipped
model, and within the web limits on work (``entropy.limits.WEB_*``): a horizon
of a billion years or a time step of 1e-300 is refused with the package's
message, never run. Its name is cleaned (it is shown as plain text, but also
used in file names) and may not shadow a shipped scenario.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePath

import entropy
from entropy import limits

#: Largest upload, in bytes (a real scenario file is a few kB).
MAX_UPLOAD_BYTES = limits.WEB_MAX_UPLOAD_BYTES
#: Longest scenario name kept (longer ones are cut).
MAX_NAME_CHARS = 60
#: Suffix of an upload renamed because a shipped scenario has its name.
UPLOADED_SUFFIX = " (uploaded)"


class UploadError(Exception):
    """An upload that is refused; the message says why, naming the file."""


@dataclass(frozen=True)
class Upload:
    """An accepted upload.

    Attributes
    ----------
    name : str
        The name it is listed under (cleaned; renamed if it was a shipped one).
    toml : str
        The scenario as TOML text (shipped model referenced by name).
    scenario : entropy.Scenario
        The validated scenario.
    renamed_from : str or None
        The name in the file, when the upload was renamed.
    """

    name: str
    toml: str
    scenario: entropy.Scenario
    renamed_from: str | None = None


def clean_name(name: str) -> str:
    """A scenario name safe to show and to use in a file name.

    Control and formatting characters become spaces, path separators become
    "-", runs of white space one space; the result is cut to
    :data:`MAX_NAME_CHARS`. Display is always as plain text regardless.
    """
    chars = [" " if unicodedata.category(c)[0] == "C" else c for c in name]
    text = re.sub(r"\s+", " ", "".join(chars).replace("/", "-").replace("\\", "-")).strip(" .-")
    return text[:MAX_NAME_CHARS].strip() or "scenario"


def check_web_work(sc: entropy.Scenario, where: str) -> None:
    """Refuse a scenario whose horizon exceeds the web app's limits on work.

    Raises
    ------
    entropy.EntropyError
        The package's message: which key, how much, what is allowed.
    """
    limits.check_horizon_work(where, sc.start, sc.end, sc.time_step, sc.save_period,
                              max_steps=limits.WEB_MAX_STEPS, max_saved=limits.WEB_MAX_SAVED_POINTS)


def read_upload(file_name: str, data: bytes, shipped: Collection[str], model_ref: str) -> Upload:
    """Check an uploaded scenario file and return it ready to list and run.

    Parameters
    ----------
    file_name : str
        The name the browser gave (used in messages only).
    data : bytes
        The file's content.
    shipped : collection of str
        Names of the shipped scenarios (an upload may not take one).
    model_ref : str
        What the stored TOML names as its model (the shipped model's name).

    Raises
    ------
    UploadError
        Too large, not UTF-8 text, not a valid scenario, or beyond the web limits.
    """
    where = clean_name(PurePath(file_name).name)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(f"{where}: {len(data):,} bytes is too large for a scenario file here "
                          f"(at most {MAX_UPLOAD_BYTES // 1024} kB)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UploadError(f"{where}: not a UTF-8 text file") from None
    try:
        sc = entropy.parse_scenario(text, name=where, shipped_only=True)
        check_web_work(sc, where)
    except entropy.EntropyError as exc:
        raise UploadError(str(exc)) from None
    # Without a `name` key the scenario is named after the file: drop ".toml".
    name = clean_name(PurePath(sc.name).stem if sc.name == where else sc.name)
    renamed_from = None
    if name in shipped:
        renamed_from, name = name, clean_name(name + UPLOADED_SUFFIX)
    sc = dataclasses.replace(sc, name=name)
    return Upload(name, sc.to_toml(model_ref=model_ref), sc, renamed_from)
