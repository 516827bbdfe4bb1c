#!/usr/bin/env perl
# extract-sql.pl NAME... < preprocessed.c
#
# Print the SQL of each `static const char *NAME = "..." "...";` of a C
# file run through `cc -E`, so t/bench/run EXPLAINs the very text the pool
# prepares instead of a copy that drifts. One statement per output line
# (the SQL has no newlines), in the order asked; exit 1 if one is missing.
use strict;
use warnings;

my $src = do { local $/; <STDIN> };
my $missing = 0;
for my $name (@ARGV) {
	if ($src =~ /\bstatic\s+const\s+char\s*\*\s*\Q$name\E\s*=\s*
	    ((?:"(?:[^"\\]|\\.)*"\s*)+);/x) {
		my $lits = $1;
		my $sql = '';
		while ($lits =~ /"((?:[^"\\]|\\.)*)"/g) {
			my $s = $1;
			$s =~ s/\\(["\\'?])/$1/g;
			$s =~ s/\\n/ /g;
			$s =~ s/\\t/ /g;
			$sql .= $s;
		}
		print "$sql\n";
	} else {
		warn "extract-sql: no static const char *$name in the input\n";
		$missing = 1;
	}
}
exit $missing;
