"""Parse-then-execute commands: flags become one frozen options object, then a plain function.

A command module declares a frozen dataclass of its flags (validated in ``__post_init__``), a
function ``run(opts)`` that does the work and can be called from tests without click, and
builds its click command with :func:`command` from the shared definitions in `cli/params.py`::

    @dataclass(frozen=True)
    class RouteOptions:
        text: str
        bank: str
        llm: LLMOptions

    def run_route(opts: RouteOptions) -> None:
        \"\"\"Show the skills the agent would load for TEXT.\"\"\"

    route = command("route", run_route, RouteOptions, [text_argument, bank_option(...), ...])

The command's help is the function's docstring; options are listed in the order given. The
click definitions are the one source of defaults, so the dataclasses declare none: a test
builds an options object with ``route.parse(["I feel low", "--top-k", "2"])`` and passes it
(or a ``dataclasses.replace`` of it) to ``run_route``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any, TypeVar, cast

import click

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
# A click decorator that adds one parameter (or a bundle of them) to a callback.
Option = Callable[[Any], Any]


def _apply(options: Sequence[Option], func: Any) -> Any:
    """Decorate ``func`` with ``options`` so that they are listed in the given order."""
    for option in reversed(options):
        func = option(func)
    return func


def bundle(cls: type, name: str, options: Sequence[Option]) -> Callable[[F], F]:
    """A decorator adding ``options`` and passing them to the command as one ``cls`` ``name``.

    For commands whose flags form several groups (`evolve`: where, plan, check).
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            kwargs[name] = cls(**{f.name: kwargs.pop(f.name) for f in fields(cls)})
            return func(*args, **kwargs)

        return cast(F, _apply(options, wrapper))

    return decorate


def parse_into(cls: Callable[..., T], options: Sequence[Option]) -> Callable[..., Any]:
    """A decorator: ``options`` parse the flags; the decorated function receives one ``cls``."""

    def decorate(run: Callable[[T], Any]) -> Any:
        def callback(**kwargs: Any) -> Any:
            return run(cls(**kwargs))

        callback.__doc__ = run.__doc__
        callback.__name__ = run.__name__
        return _apply(options, callback)

    return decorate


class ParsedCommand(click.Command):
    """A click command that can also just parse arguments into its options object."""

    def __init__(
        self,
        *args: Any,
        parser: Callable[..., Any],
        options_class: Callable[..., Any],
        run: Callable[[Any], Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._parser = parser
        self.options_class = options_class  # the frozen dataclass the flags build
        self.run = run  # the plain function that executes it

    def parse(self, args: Sequence[str]) -> Any:
        """The options object these command-line arguments give (nothing runs)."""
        with self.make_context(self.name, list(args)) as ctx:
            return ctx.invoke(self._parser, **ctx.params)


def _same(opts: T) -> T:
    return opts


def command(
    name: str,
    run: Callable[[T], Any],
    cls: Callable[..., T],
    options: Sequence[Option],
    *,
    group: click.Group | None = None,
    **attrs: Any,
) -> ParsedCommand:
    """The click command ``name``: its flags build a ``cls`` handed to ``run`` (its help).

    With ``group`` the command is also added to that group.
    """
    parser = parse_into(cls, options)(_same)
    built = click.command(
        name, cls=ParsedCommand, parser=parser, options_class=cls, run=run, **attrs
    )(parse_into(cls, options)(run))
    if group is not None:
        group.add_command(built)
    return built


def subcommand(
    group: click.Group, name: str, cls: Callable[..., T], options: Sequence[Option], **attrs: Any
) -> Callable[[Callable[[T], Any]], Callable[[T], Any]]:
    """Register the decorated function as ``group``'s command ``name``; the function is kept."""

    def register(run: Callable[[T], Any]) -> Callable[[T], Any]:
        command(name, run, cls, options, group=group, **attrs)
        return run

    return register
