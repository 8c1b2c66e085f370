"""Rules of campaigns.services that are not the issue flow: CSV import, supports, links."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from campaigns import services
from campaigns.models import CampaignPost, Support
from tests.factories.campaigns import CampaignFactory, PostFactory, assigned_issue

GOOD = "https://www.facebook.com/angthong.cdd/posts/"


class TestCsvImport:
    def test_it_imports_every_row_with_hand_checked_values(self, staff):
        campaign = CampaignFactory()
        data = ("Channel,URL,Date,Reach,Impressions,Engagement,Clicks,Video_Views\n"
                f"facebook,{GOOD}1,2026-11-20,1000,1500,100,30,\n"
                "YouTube,https://youtube.com/watch?v=a,01/12/2569,\"12,345\",20000,800,120,9000\n\n")
        assert services.posts_import_csv(actor=staff, campaign=campaign, data=data.encode("utf-8-sig")) == 2
        yt = CampaignPost.objects.get(channel="youtube")
        assert (yt.reach, yt.impressions, yt.video_views, yt.posted_on) == (12345, 20000, 9000, dt.date(2026, 12, 1))
        assert CampaignPost.objects.get(channel="facebook").video_views == 0

    def test_it_reports_each_bad_row_and_saves_none(self, staff):
        campaign = CampaignFactory()
        data = ("channel,url,date,reach,clicks\n"
                f"facebook,{GOOD}1,2026-11-20,10,1\n"
                f"facebook,{GOOD}1,2026-11-21,10,1\n"
                "line,javascript:alert(1),2026-13-01,abc,-1\n")
        with pytest.raises(ValidationError) as exc:
            services.posts_import_csv(actor=staff, campaign=campaign, data=data)
        messages = exc.value.messages
        assert len(messages) == 2
        assert messages[0].startswith("แถวที่ 3") and "ซ้ำ" in messages[0]
        assert messages[1].startswith("แถวที่ 4")
        assert "วันที่" in messages[1] and "reach" in messages[1] and "clicks" in messages[1] and "url" in messages[1]
        assert not CampaignPost.objects.exists()

    def test_it_refuses_a_url_already_imported(self, staff):
        post = PostFactory()
        data = f"channel,url,date\nfacebook,{post.url},2026-11-20\n"
        with pytest.raises(ValidationError):
            services.posts_import_csv(actor=staff, campaign=post.campaign, data=data)
        assert CampaignPost.objects.count() == 1

    def test_it_names_missing_columns(self, staff):
        with pytest.raises(ValidationError) as exc:
            services.posts_import_csv(actor=staff, campaign=CampaignFactory(), data="url,reach\nx,1\n")
        assert "channel" in exc.value.messages[0] and "date" in exc.value.messages[0]

    def test_it_refuses_a_non_utf8_file(self, staff):
        with pytest.raises(ValidationError) as exc:
            services.posts_import_csv(actor=staff, campaign=CampaignFactory(),
                                      data="channel,url,date\nline,ก,1\n".encode("tis-620"))
        assert "UTF-8" in exc.value.messages[0]

    def test_it_is_staff_only(self, partner_user):
        with pytest.raises(PermissionDenied):
            services.posts_import_csv(actor=partner_user, campaign=CampaignFactory(), data="")


class TestSupport:
    def test_it_records_a_partners_support_for_their_own_organisation(self, partner_user, partner_org,
                                                                       other_partner_org, group):
        support = services.support_record(actor=partner_user, partner=None, kind="money", title="ทุนซื้อเตาเผา",
                                          date=dt.date(2026, 11, 1), value=20000, group=group)
        assert support.partner == partner_org
        with pytest.raises(PermissionDenied):
            services.support_record(actor=partner_user, partner=other_partner_org, kind="money", title="x",
                                    date=dt.date(2026, 11, 1), group=group)

    def test_it_refuses_negative_values_and_missing_recipients(self, staff, partner_org, group):
        with pytest.raises(ValidationError) as exc:
            services.support_record(actor=staff, partner=partner_org, kind="money", title="x",
                                    date=dt.date(2026, 11, 1), value=-1, group=group)
        assert "value" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            services.support_record(actor=staff, partner=partner_org, kind="money", title="x",
                                    date=dt.date(2026, 11, 1), value=1)
        assert "ผู้รับการสนับสนุน" in str(exc.value)
        assert not Support.objects.exists()

    def test_it_has_database_constraints_for_value_and_recipient(self, partner_org, group):
        with pytest.raises(IntegrityError):
            Support.objects.create(partner=partner_org, kind="money", title="x", date=dt.date(2026, 1, 1),
                                   value=-5, group=group)

    def test_it_refuses_producers_recording_support(self, owner, partner_org, group):
        with pytest.raises(PermissionDenied):
            services.support_record(actor=owner, partner=partner_org, kind="money", title="x",
                                    date=dt.date(2026, 11, 1), group=group)

    def test_it_links_support_only_to_issues_the_partner_sees(self, partner_user, partner_org, other_partner_org,
                                                              group):
        mine = assigned_issue(group, partner_org)
        theirs = assigned_issue(group, other_partner_org)
        ok = services.support_record(actor=partner_user, kind="design", title="x", date=dt.date(2026, 11, 1),
                                     group=group, issue=mine)
        assert ok.issue == mine
        with pytest.raises(ValidationError) as exc:
            services.support_record(actor=partner_user, kind="design", title="y", date=dt.date(2026, 11, 1),
                                    group=group, issue=theirs)
        assert "issue" in exc.value.message_dict


class TestLinks:
    def test_it_generates_a_unique_code_and_refuses_a_taken_one(self, staff):
        campaign = CampaignFactory()
        first = services.link_create(actor=staff, campaign=campaign, channel="print", target="/")
        assert len(first.code) == 7
        with pytest.raises(ValidationError):
            services.link_create(actor=staff, campaign=campaign, channel="print", target="/", code=first.code)

    def test_it_adds_allowed_hosts_only_when_they_are_host_names(self, staff):
        host = services.allowed_host_add(actor=staff, host=" WWW.OTOPTHAI.example.  ")
        assert host.host == "www.otopthai.example"
        for bad in ("evil.com/path", "http://x.com", "a b.com", "localhost", ""):
            with pytest.raises(ValidationError):
                services.allowed_host_add(actor=staff, host=bad)
