"""Ordering of Update Release versions (AGR-11: regular releases, tracked per version)."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from after_sales.agreement.versions import (
	MAX_VERSION_LENGTH,
	is_valid_version,
	sortable_version,
	version_key,
)

FAST = settings(deadline=None, max_examples=200)


@pytest.mark.parametrize(
	("older", "newer"),
	[
		("2.9", "2.10"),  # numeric, not alphabetical
		("1.9.9", "1.10"),
		("1.0", "1.0.1"),
		("1", "1.0.0.1"),
		("1.2.0-rc1", "1.2.0"),  # a pre-release comes before its release
		("1.2.0-rc1", "1.2.0-rc2"),
		("1.2.0-rc2", "1.2.0-rc10"),
		("1.2.0-alpha", "1.2.0-beta"),
		("1.2.0-beta", "1.2.0-rc"),
		("1.2.0-dev", "1.2.0-alpha"),
		("1.2.0-rc", "1.2.0-rc.1"),  # a label that is a prefix comes first
		("1.2.0-1", "1.2.0-alpha"),  # numbers before words
		("1.2.0-rc", "1.2.0-zeta"),  # unknown words after known ones
		("1.1.9", "1.2.0-rc1"),
		("2.0", "2.0-sp1"),  # a service pack comes after its release
		("2.0-sp1", "2.0-sp2"),
		("2.0-sp9", "2.0.1"),
		("9.6", "9.6p1"),
	],
)
def test_agr11_versions_order(older, newer):
	"""AGR-11: releases are ordered numerically: 2.10 is newer than 2.9."""
	assert version_key(older) < version_key(newer)
	assert sortable_version(older) < sortable_version(newer)


@pytest.mark.parametrize(
	("a", "b"),
	[
		("1.0", "1.0.0"),  # trailing zeros do not count
		("1", "1.0"),
		("v2.3", "2.3"),  # a leading v is dropped
		("V2.3", "2.3.0"),
		("01.02", "1.2"),
		(" 2.3 ", "2.3"),
		("1.0+build.7", "1.0"),  # build metadata is ignored
		("1.0-RC1", "1.0-rc1"),  # letters ignore case
		("1.0rc1", "1.0-rc1"),
		("1.0a1", "1.0-alpha.1"),
		("0", "0.0.0"),
	],
)
def test_agr11_same_version_spelled_differently(a, b):
	assert version_key(a) == version_key(b)
	assert sortable_version(a) == sortable_version(b)


@pytest.mark.parametrize(
	"garbage",
	[
		"",
		"   ",
		"v",
		"abc",
		"release 2",
		"1..2",
		"1.2.",
		".1",
		"-1",
		"1.2 beta",
		"1.2/3",
		"版本1.0",
		"1.2-",
		"1.2+",
		"1.\u0662",  # a non-ASCII digit
		"1" * 19,  # more than 18 digits
		"1." * 20 + "1",  # longer than 40 characters
	],
)
def test_agr11_garbage_is_not_a_version(garbage):
	assert not is_valid_version(garbage)
	with pytest.raises(ValueError):
		version_key(garbage)
	with pytest.raises(ValueError):
		sortable_version(garbage)


def test_is_valid_version_accepts_common_forms():
	for version in (
		"1",
		"2.10",
		"3.0.1",
		"v1.2.3",
		"1.2.0-rc1",
		"2024.12.01",
		"1.0.0-beta.2+exp.sha.5114f85",
	):
		assert is_valid_version(version), version
	assert not is_valid_version(None)  # type: ignore[arg-type]
	assert not is_valid_version(2.1)  # type: ignore[arg-type]


# -- properties ----------------------------------------------------------------------------------

parts = st.integers(0, 10**6).map(str)
releases = st.lists(parts, min_size=1, max_size=4).map(".".join)
labels = st.lists(
	st.one_of(
		st.sampled_from(["dev", "a", "alpha", "b", "beta", "rc", "pre", "sp", "p", "post", "zz"]), parts
	),
	min_size=1,
	max_size=3,
).map(".".join)
versions = st.builds(
	lambda prefix, release, label: prefix + release + (f"-{label}" if label else ""),
	st.sampled_from(["", "v"]),
	releases,
	st.one_of(st.none(), labels),
).filter(lambda v: len(v) <= MAX_VERSION_LENGTH)


@FAST
@given(st.lists(versions, min_size=1, max_size=8))
def test_agr11_sortable_string_orders_like_the_key(items):
	"""The stored sort key (Update Release.version_key) orders and dedupes exactly like the comparison."""
	by_key = sorted(items, key=version_key)
	by_string = sorted(items, key=sortable_version)
	assert [version_key(v) for v in by_key] == [version_key(v) for v in by_string]
	for a in items:
		for b in items:
			assert (sortable_version(a) == sortable_version(b)) == (version_key(a) == version_key(b))
			assert (sortable_version(a) < sortable_version(b)) == (version_key(a) < version_key(b))


@FAST
@given(st.text(alphabet="0123456789abcxyzABC.-_+vV", min_size=1, max_size=MAX_VERSION_LENGTH))
def test_agr11_sortable_string_fits_a_data_field(text):
	"""Any accepted version gives at most 140 digits and lower-case letters (a Frappe Data field)."""
	if is_valid_version(text):
		encoded = sortable_version(text)
		assert len(encoded) <= 140
		assert re.fullmatch("[0-9a-z]+", encoded)


def test_worst_case_sortable_length():
	worst = "1-" + "a1" * 19
	assert is_valid_version(worst)
	assert len(sortable_version(worst)) <= 140
	worst_words = "1-" + "x1" * 19
	assert len(sortable_version(worst_words)) <= 140
