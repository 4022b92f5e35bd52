"""A record owned by one agency and shared with others, with direct foreign-key permissions."""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from partners.models import Agency


class ProbeRecord(models.Model):
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=50)

    class Meta:
        permissions = [("view_probe_summary", "View the summary of a probe record")]

    def __str__(self) -> str:
        return self.title


class ProbeRecordUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(ProbeRecord, on_delete=models.CASCADE)


class ProbeRecordGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(ProbeRecord, on_delete=models.CASCADE)
