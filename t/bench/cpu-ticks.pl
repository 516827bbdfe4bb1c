#!/usr/bin/env perl
# cpu-ticks.pl PID... : one line of CPU ticks (utime + stime, in USER_HZ):
# for each PID, the sum over it and all its descendants; then the busy
# ticks of the whole machine, then all its ticks, idle included (from
# /proc/stat). t/bench/run takes two snapshots around a run to see where
# the CPU went per request, and how busy the machine was: busy over all
# ticks rather than over the wall-clock time, because a virtual machine's
# tick counts can run a few per cent ahead of the clock.
use strict;
use warnings;

my (%ppid, %ticks);
opendir(my $d, '/proc') or die "cpu-ticks: /proc: $!\n";
for my $pid (grep { /^\d+$/ } readdir $d) {
	open(my $f, '<', "/proc/$pid/stat") or next;
	my $line = <$f>;
	close $f;
	next unless defined $line && $line =~ /\)\s+(.*)$/;
	my @x = split ' ', $1;
	# after "pid (comm)": state ppid ... utime(12) stime(13)
	$ppid{$pid} = $x[1];
	$ticks{$pid} = $x[11] + $x[12];
}
closedir $d;

my %kids;
push @{ $kids{ $ppid{$_} } }, $_ for keys %ppid;

sub tree {
	my ($pid) = @_;
	my $sum = $ticks{$pid} // 0;
	$sum += tree($_) for @{ $kids{$pid} // [] };
	return $sum;
}

my @out = map { tree($_) } @ARGV;
open(my $s, '<', '/proc/stat') or die "cpu-ticks: /proc/stat: $!\n";
my ($cpu) = grep { /^cpu\s/ } <$s>;
close $s;
my (undef, $user, $nice, $system, $idle, $iowait, $irq, $softirq, $steal) =
    split ' ', $cpu;
my $busy = $user + $nice + $system + $irq + $softirq + ($steal // 0);
push @out, $busy, $busy + $idle + $iowait;
print "@out\n";
