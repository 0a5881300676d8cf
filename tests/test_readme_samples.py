"""The README's sample screens are the real output of the example shop: they cannot drift."""

from __future__ import annotations

from tests import readme_samples
from tests.readme_samples import Sample, differences, parse, rewrite

README = readme_samples.README.read_text(encoding="utf-8")


def test_every_readme_sample_is_the_real_output_of_the_example_shop() -> None:
    samples = parse(README)
    assert [s.command for s in samples][:2] == ["custlog due", "custlog brief ann"]
    readme_samples.run_all(samples)
    report = differences(samples)
    assert not report, report


def test_a_sample_that_differs_is_named_with_a_diff_and_how_to_regenerate() -> None:
    samples = [Sample("custlog due", "Due Tue 24 Nov", "Due Wed 25 Nov")]
    report = differences(samples)
    assert "README sample `$ custlog due` differs:" in report
    assert "-Due Tue 24 Nov\n+Due Wed 25 Nov" in report
    assert "python -m tests.readme_samples --write" in report


def test_writing_the_samples_replaces_only_the_output_under_each_command() -> None:
    text = "Intro\n\n```\n$ custlog due\nold line\n```\n\n```sh\ncustlog due\n```\n"
    samples = parse(text)
    assert samples == [Sample("custlog due", "old line")]
    samples[0].actual = "new line 1\nnew line 2"
    assert rewrite(text, samples) == (
        "Intro\n\n```\n$ custlog due\nnew line 1\nnew line 2\n```\n\n```sh\ncustlog due\n```\n"
    )
