"""The restore drill (docs/operations.md, "Backups and the restore drill"), as a test: a primary
cluster of the test's own archives its WAL continuously; documents go to an S3 store with object
versioning. Data is made through the running system over HTTP (filings submitted, accepted and
stamped by a worker); a base backup is taken; more changes follow; a recovery target time is
noted; then changes after it, among them a stamped document deleted from the store by mistake.
The base backup is restored into a fresh cluster, recovered to the target time from the WAL
archive, and the same deployment (its keys kept outside the database) is pointed at it:
`verify_audit` passes, `verify_documents` names the deleted file until the store's versions are
restored to the target time too, and then passes; what was committed before the target is
there, what came after it is gone.

PostgreSQL pass only: it starts a cluster of its own and the system's processes."""

import hashlib
import time

import psycopg

from tests.gunicorn_server import HOST
from tests.scale.clusters import OWN_CLUSTERS, ClusterSet
from tests.scale.system import BUCKET, S3Server, System
from tests.scale.walk import Attorney, CourtUser

pytestmark = OWN_CLUSTERS


def _filed_and_stamped(attorney, clerk, web: str, pdf: bytes, caption: str) -> dict:
    """A new case submitted (API), accepted (pages) and stamped (a worker): its petition's
    document as GetCase shows it, with the envelope's id."""
    envelope = attorney.file_new_case(web, pdf, caption)
    clerk.accept(web, envelope["filings"][0]["id"])
    number = next(c["number"] for c in attorney.cases(web) if c["caption"] == caption)
    (document,) = attorney.wait_stamped(web, number)["documents"]
    return {**document, "envelope": envelope["id"]}


def _counts(cluster) -> dict[str, int]:
    with psycopg.connect(cluster.url()) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in ("audit_auditevent", "filings_envelope", "docket_docketentry")
        }


def _stamped_name(cluster, document_id: int) -> str:
    with psycopg.connect(cluster.url()) as connection:
        return connection.execute(
            "SELECT stamped_storage_name FROM filings_document WHERE id = %s", (document_id,)
        ).fetchone()[0]


def _restore_versions(s3: S3Server, names: list[str], as_of) -> None:
    """Each object back as it was at `as_of`: its newest version made by then, copied over its
    current state (here a delete marker), as `aws s3api copy-object --copy-source
    bucket/key?versionId=...` does (docs/operations.md)."""
    for name in names:
        listing = s3.client.list_object_versions(Bucket=BUCKET, Prefix=name)
        versions = [
            v
            for v in listing.get("Versions", [])
            if v["Key"] == name and v["LastModified"] <= as_of
        ]
        newest = max(versions, key=lambda v: v["LastModified"])
        s3.client.copy_object(
            Bucket=BUCKET,
            Key=name,
            CopySource={"Bucket": BUCKET, "Key": name, "VersionId": newest["VersionId"]},
        )


def test_restore_to_a_point_in_time_on_a_fresh_cluster(
    tmp_path, petition, without_machine_aws_settings
):
    with ClusterSet() as clusters:
        s3 = S3Server(tmp_path / "s3.log", versioned=True)
        system = None
        try:
            primary = clusters.primary("primary", archive_wal=True)
            primary.create_database()
            system = System(tmp_path, database_url=primary.url(), storage_url=s3.storage_url)
            _drill(clusters, primary, system, s3, petition)
        except BaseException:
            if system is not None:
                print(system.logs())  # shown with the failure
            raise
        finally:
            if system is not None:
                system.stop()
            s3.stop()


def _drill(clusters, primary, system, s3, petition):
    people = system.prepare()
    web = f"http://{HOST}:{system.web('web').port}"
    system.worker("worker")
    attorney, clerk = Attorney(people["token"], people["signature"]), CourtUser(**people["clerk"])
    clerk.sign_in(web)

    first = _filed_and_stamped(attorney, clerk, web, petition, "Able v. Before")
    backup = primary.base_backup("base-backup")
    second = _filed_and_stamped(attorney, clerk, web, petition, "Baker v. Before")
    at_target = _counts(primary)
    target = primary.value("SELECT clock_timestamp()")
    time.sleep(0.5)  # nothing commits at the target itself

    # After the target: a new submission, and the first stamped copy deleted by mistake.
    third = attorney.file_new_case(web, petition, "Carter v. After")
    lost = _stamped_name(primary, first["id"])
    s3.client.delete_object(Bucket=BUCKET, Key=lost)
    assert _counts(primary) != at_target
    primary.archive_current_wal()
    system.stop()
    primary.stop()  # the primary is lost; only the backup and the WAL archive remain

    restored = clusters.restore("restored", backup, target_time=target.isoformat(sep=" "))
    system.env["EFILING_DATABASE_URL"] = restored.url()
    assert _counts(restored) == at_target

    assert system.efiling("verify_audit").returncode == 0
    check = system.efiling("verify_documents", check=False)
    assert check.returncode == 1
    missing = [line.split(": ", 1)[1] for line in check.stdout.splitlines() if ": " in line]
    assert missing == [lost], check.stdout
    _restore_versions(s3, missing, as_of=target)
    check = system.efiling("verify_documents")  # two petitions: originals and stamped copies
    assert "Every stored file is in the document store: 4 checked." in check.stdout

    # The system runs on the restored cluster: before the target is there, after it is gone.
    web = f"http://{HOST}:{system.web('web-restored').port}"
    assert attorney.status(web, second["envelope"])["status"] == "accepted"
    assert attorney.status(web, third["id"], 404)
    stamped = attorney.document(web, first["id"])
    assert hashlib.sha256(stamped).hexdigest() == first["stamped_sha256"]
