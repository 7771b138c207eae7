export const helpText = `
Usage
  $ packport [--demo] [--profile NAME]          the wizard (needs a terminal)
  $ packport import --profile NAME --package PATH|ID|NAME [options]
  $ packport promote --from SRC --to DST --package REF [import options] [--keep FILE]
                                                take the package from SRC, import it into DST (same vendor)
  $ packport status --profile NAME --job ID [--watch [--timeout MINUTES]] [--json]
  $ packport undo --profile NAME [--run ID] [import options]   MicroStrategy: import a saved undo package
  $ packport deploy --profile NAME --package-id ID [--yes] [--json]   Vault: deploy a package imported earlier
  $ packport packages list|show|create|add|remove|update|delete|publish --profile NAME [ID|NAME] ...
                                                Adobe: the packages of the profile's source sandbox (below)
  $ packport profiles list [--json]
  $ packport profiles add NAME --vendor vault|mstr|aep [fields] [--password-stdin | --client-secret-stdin]
  $ packport profiles remove NAME
  $ packport profiles show NAME [--json]
  $ packport history [--json]
  $ packport emulate [--port N] [--scenario NAME]... [--json]   the vendor APIs on loopback, with demo accounts
  $ packport help | --help | -h                 this page (also \`packport COMMAND --help\`)
  $ packport version | --version | -v

Import options
  --yes                  no confirmation (required when stdin is not a terminal)
  --json                 print one JSON result on stdout and nothing else
  --json-stream          print one JSON event per line, the result last
  --no-progress          plain lines, no live redraw (automatic with CI or no terminal)
  --timeout MINUTES      deadline for the whole import, or for status --watch (default 60); on expiry exit 5
  --poll-interval SECS   floor between status polls (defaults: vault 10, mstr 2, aep 5)
  --request-timeout SECS how long one call may wait for an answer (default 120; vault 600)
  --on-interrupt MODE    after the submit, Ctrl-C/SIGTERM detaches (default: detach) or waits
                         for the job's end (wait; a second signal detaches)
  --password-stdin       read the password from stdin (or set PACKPORT_PASSWORD_<PROFILE>)
  --client-secret-stdin  read the Adobe client secret from stdin (or set PACKPORT_CLIENT_SECRET_<PROFILE>)

MicroStrategy
  --default-action A     action for every object without an --action
  --action ID=A          action for one object (repeatable)
                         actions: use_existing, replace, keep_both, use_newer, use_older, force_replace, delete
  --no-undo              do not ask the server for an undo package
  --undo-out PATH        where to save the undo package (default NAME.undo.mmp beside the package)
  --allow-delete         import the delete actions the package itself carries (irreversible)

Vault
  --validate-only        validate the package without importing it
  --deploy               deploy after a clean import (Vault does not roll a deploy back)

Adobe
  --target-sandbox NAME  sandbox to import into (default: the profile's)
  --substitutions FILE   {srcId: {id, type}} map of existing artifacts to reuse (the wizard saves one)
  --substitute SRC=TGT   reuse one existing artifact (repeatable)

Promote (the import options above apply to the import into --to)
  --from NAME            the source environment's profile
  --to NAME              the target environment's profile, of the same vendor
  --package REF          mstr: a definition JSON file or a .mmp, built on the source; vault: the
                         outbound package's name, exported; aep: a package id or name, published if a draft
  --keep FILE            keep the exported package there (a new file; its folder must exist);
                         otherwise a temp file, removed when the run ends

Adobe packages (in the profile's --sandbox; writes need --yes without a terminal)
  packages list [--status DRAFT|PUBLISHED|PUBLISH_IN_PROGRESS|PUBLISH_FAILED]... [--json]
  packages show ID|NAME [--json]           artifacts, and dependents of a published package
  packages create --name N [--description D] [--expiry DATE]
                  (--artifact TYPE:ID ... | --from FILE.json | --full)
  packages add|remove ID|NAME --artifact TYPE:ID ... [--expiry DATE]
  packages update ID|NAME [--name N] [--description D] [--expiry DATE]
  packages delete ID|NAME --yes
  packages publish ID|NAME [--expiry DATE] [--timeout MINUTES] [--poll-interval SECS]   waits until PUBLISHED

Profile fields
  mstr   --url https://host/MicroStrategyLibrary --username U [--project-id ID] [--login-mode 1]
  vault  --url https://myvault.veevavault.com --username U [--api-version v25.2]
  aep    --url https://platform.adobe.io --client-id ID --org-id ORG [--ims-url URL] [--sandbox S]
         [--target-sandbox T] [--scopes S]

Exit codes
  0 imported   1 the import failed on the server   2 bad usage or input (nothing sent)
  3 could not connect or authenticate   4 finished with warnings or partly
  5 outcome unknown (deadline, interrupted, session lost; the job id is printed)   130 interrupted before anything was sent

Environment
  PACKPORT_CONFIG_DIR    where profiles, secrets and history live
  PACKPORT_PASSWORD_<PROFILE>, PACKPORT_CLIENT_SECRET_<PROFILE>
                         the secret of one profile (name upper-cased, other characters as _:
                         PACKPORT_PASSWORD_PROD_EU for prod-eu); wins over all below, never saved
  PACKPORT_PASSWORD      password (or API token) for vault and mstr profiles; wins over
                         --password-stdin and a saved one (never saved)
  PACKPORT_CLIENT_SECRET client secret for aep profiles; same order (never saved)
  PACKPORT_SECRET_STORE  keychain or file: where saved secrets go (default: the OS keychain when
                         one answers, else a 0600 file beside the config)

Examples
  $ packport --demo
  $ packport import --profile prod --package ./year.mmp --yes --json
`;
