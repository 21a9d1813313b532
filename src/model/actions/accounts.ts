// The account databases are merged on upgrade, not copied: copied whole, the running layer's
// /etc/passwd would drop every user or group the new image adds (a new package's service
// account), and keep ids the image moved, so its files would show as someone else's. The merge is
// three-way, by name, field by field, against the old base (the pristine image the running layer
// started from), as rpm-ostree and imgbased's id map meant to do:
// - a field changed here (layer against old base) keeps this host's value: a password, a shell,
//   a group's members added or removed here; every other field is the new image's;
// - an account only here (added here) is kept; one only in the image is added;
// - an account the image dropped, and this host never changed, goes; one removed here stays gone;
// - with no old base (gone), or an account both added: the ids are the image's (its files carry
//   them), everything else this host's.
// Two names left with one id, one id from here and one from the image, stop the carry with both
// named: the upgrade is undone rather than a file owned by the wrong account.

/** The databases merged by name, in /etc; the rest of the whitelist is copied. */
export const ACCOUNT_FILES = ["/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow"] as const;

// merge_accounts KIND BASE HERE IMAGE: KIND's merged lines on stdout (BASE or IMAGE may be
// /dev/null: none). Empty lines are dropped; order: the image's, then the ones added here.
// Fields: passwd 3 and 4 and group 3 are ids; group 4 and gshadow 3 and 4 are member lists.
export const MERGE_ACCOUNTS_SH = String.raw`merge_accounts() {
	awk -F: -v kind="$1" '
function members(b, l, n, hasb,   bs, ls, ns, nb, nl, nn, i, out, in_b, in_l, seen) {
	nb = hasb ? split(b, bs, ",") : 0; nl = split(l, ls, ","); nn = split(n, ns, ",")
	for (i = 1; i <= nb; i++) in_b[bs[i]] = 1
	for (i = 1; i <= nl; i++) in_l[ls[i]] = 1
	out = ""
	for (i = 1; i <= nn; i++) {
		if (ns[i] == "" || ns[i] in seen || (ns[i] in in_b && !(ns[i] in in_l))) continue
		seen[ns[i]] = 1; out = out (out == "" ? "" : ",") ns[i]
	}
	for (i = 1; i <= nl; i++) {
		if (ls[i] == "" || ls[i] in seen || ls[i] in in_b) continue
		seen[ls[i]] = 1; out = out (out == "" ? "" : ",") ls[i]
	}
	return out
}
function merged(k,   b, l, n, hasb, nf, i, v, out) {
	hasb = k in B
	if (hasb) split(B[k], b, ":")
	nf = split(L[k], l, ":"); i = split(N[k], n, ":"); if (i > nf) nf = i
	out = k; origin[k] = "image"
	for (i = 2; i <= nf; i++) {
		if (i in list) v = members(b[i], l[i], n[i], hasb)
		else if (hasb) v = (l[i] == b[i]) ? n[i] : l[i]
		else v = (i in id) ? n[i] : l[i]
		if (i == 3 && v != n[i]) origin[k] = "here"
		out = out ":" v
	}
	return out
}
function emit(k, line, from,   f) {
	print line
	if (!(k in origin)) origin[k] = from
	if (!(3 in id)) return
	split(line, f, ":")
	if (f[3] in owner && origin[owner[f[3]]] != origin[k]) {
		printf "%s %s is %s on this host and %s in the new image: give one of them another id, or take the image'"'"'s %s\n", \
			(kind == "passwd" ? "uid" : "gid"), f[3], origin[k] == "here" ? k : owner[f[3]], origin[k] == "here" ? owner[f[3]] : k, kind > "/dev/stderr"
		clash = 1
	}
	if (!(f[3] in owner)) owner[f[3]] = k
}
BEGIN {
	if (kind == "passwd") { id[3] = 1; id[4] = 1 }
	else if (kind == "group") { id[3] = 1; list[4] = 1 }
	else if (kind == "gshadow") { list[3] = 1; list[4] = 1 }
	else if (kind != "shadow") { print "unknown account database: " kind > "/dev/stderr"; bad = 1; exit 2 }
}
$0 == "" { next }
side == "B" { B[$1] = $0; next }
side == "L" { if (!($1 in L)) here[++nh] = $1; L[$1] = $0; next }
side == "N" { if (!($1 in N)) image[++ni] = $1; N[$1] = $0; next }
END {
	if (bad) exit 2
	for (i = 1; i <= ni; i++) {
		k = image[i]
		if (k in L) emit(k, merged(k))
		else if (!(k in B)) emit(k, N[k], "image")
	}
	for (i = 1; i <= nh; i++) {
		k = here[i]
		if (!(k in N) && !(k in B && B[k] == L[k])) emit(k, L[k], "here")
	}
	if (clash) exit 1
}' side=B "$2" side=L "$3" side=N "$4"
}`;

// $1 KIND, $2 the old base's /etc/KIND in base64 ("-": none), $3 the new image's, in base64: the
// merge the upgrade's carry would make with this host's /etc/KIND, on stdout; an id clash exits 1
// with the carry's words. The wizard's preview (host/accounts.ts): what the job will do, before
// anything is done. Only passwd and group are previewed: they hold the ids, and no password.
export const PREVIEW_ACCOUNTS_SH = String.raw`set -eu
${MERGE_ACCOUNTS_SH}
d=$(mktemp -d)
trap 'rm -rf -- "$d"' EXIT
base=/dev/null
if [ "$2" != - ]; then
	printf '%s' "$2" | base64 -d >"$d/base"
	base=$d/base
fi
printf '%s' "$3" | base64 -d >"$d/image"
merge_accounts "$1" "$base" "/etc/$1" "$d/image"
`;

/** The databases the wizard previews. */
export const PREVIEWED_ACCOUNT_FILES = ["/etc/passwd", "/etc/group"] as const;

/** Each previewed database's passwords, which go with it when the admin takes the image's. */
export const PASSWORD_FILE_OF: Readonly<Record<string, string>> = { "/etc/passwd": "/etc/shadow", "/etc/group": "/etc/gshadow" };
