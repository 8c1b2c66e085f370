"""Every role against every page and API endpoint, including other groups' objects:
404 for what a user may not see, 403 for what they see but may not change."""

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff", "owner", "outsider", "partner", "expert"]


def expect(mapping, role):
    return mapping.get(role, mapping.get("*"))


PAGES = [
    # (name, url builder, expected by role)
    ("list", lambda o: "/products/", {"*": 200}),
    ("detail published", lambda o: f"/products/{o['product'].slug}/", {"*": 200}),
    ("detail draft", lambda o: f"/products/{o['draft'].slug}/", {"staff": 200, "owner": 200, "*": 404}),
    ("edit own", lambda o: f"/products/{o['product'].slug}/edit/",
     {"anonymous": 302, "staff": 200, "owner": 200, "*": 403}),
    ("edit draft", lambda o: f"/products/{o['draft'].slug}/edit/",
     {"anonymous": 302, "staff": 200, "owner": 200, "*": 404}),
    ("photos", lambda o: f"/products/{o['product'].slug}/photos/",
     {"anonymous": 302, "staff": 200, "owner": 200, "*": 403}),
    ("standards", lambda o: f"/products/{o['product'].slug}/standards/",
     {"anonymous": 302, "staff": 200, "owner": 200, "*": 403}),
    ("other group's edit", lambda o: f"/products/{o['other_product'].slug}/edit/",
     {"anonymous": 302, "staff": 200, "outsider": 200, "*": 403}),
    ("create", lambda o: "/products/new/",
     {"anonymous": 302, "partner": 403, "expert": 403, "*": 200}),
    ("mine", lambda o: "/products/mine/", {"anonymous": 302, "*": 200}),
    ("pipeline", lambda o: "/products/pipeline/", {"anonymous": 302, "*": 200}),
    ("project detail", lambda o: f"/products/projects/{o['project'].pk}/",
     {"anonymous": 302, "staff": 200, "owner": 200, "*": 404}),
    ("project edit", lambda o: f"/products/projects/{o['project'].pk}/edit/",
     {"anonymous": 302, "staff": 200, "owner": 200, "*": 404}),
    ("project create", lambda o: "/products/projects/new/",
     {"anonymous": 302, "partner": 403, "expert": 403, "*": 200}),
    ("quadrant chart", lambda o: "/products/quadrants/", {"anonymous": 302, "staff": 200, "*": 403}),
    ("skills", lambda o: f"/products/skills/{o['group'].slug}/",
     {"anonymous": 302, "staff": 200, "owner": 200, "*": 403}),
]


@pytest.fixture
def objects(group, product, draft, other_product, project):
    return {"group": group, "product": product, "draft": draft, "other_product": other_product,
            "project": project}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, url, expected", PAGES, ids=[p[0] for p in PAGES])
def test_it_applies_the_page_matrix(client_for, users, objects, role, name, url, expected):
    response = client_for(users[role]).get(url(objects))
    assert response.status_code == expect(expected, role), name


POSTS = [
    # (name, url builder, data, status for a logged-in non-owner): the published product is visible (403),
    # the project and its stages are not (404)
    ("publish", lambda o: f"/products/{o['product'].slug}/publish/", {"action": "unpublish"}, 403),
    ("edit", lambda o: f"/products/{o['product'].slug}/edit/", {"name_th": "เปลี่ยนชื่อ"}, 403),
    ("move stage", lambda o: f"/products/projects/{o['project'].pk}/move-stage/", {"stage": "design"}, 404),
    ("stage record", lambda o: f"/products/stages/{o['project'].stage_records.first().pk}/",
     {"r-notes": "x"}, 404),
]


@pytest.mark.parametrize("role", ["anonymous", "outsider", "partner", "expert"])
@pytest.mark.parametrize("name, url, data, status", POSTS, ids=[p[0] for p in POSTS])
def test_it_refuses_writes_by_others_and_changes_nothing(client_for, users, objects, role, name, url, data, status):
    product, project = objects["product"], objects["project"]
    response = client_for(users[role]).post(url(objects), data)
    if role == "anonymous":
        assert response.status_code == 302
        assert "/login" in response["Location"] or "accounts" in response["Location"]
    else:
        assert response.status_code == status
    product.refresh_from_db()
    project.refresh_from_db()
    assert product.status == "published" and product.name_th == "ตุ๊กตาชาววังชุดรำไทย"
    assert project.stage == "assessment"
    assert project.stage_records.first().notes == ""


API = [
    ("GET", lambda o: "/api/v1/products/", None, {"*": 200}),
    ("GET", lambda o: f"/api/v1/products/{o['draft'].pk}/", None, {"staff": 200, "owner": 200, "*": 404}),
    ("PATCH", lambda o: f"/api/v1/products/{o['product'].pk}/", {"description": "ใหม่"},
     {"staff": 200, "owner": 200, "*": 403}),
    ("PATCH", lambda o: f"/api/v1/products/{o['draft'].pk}/", {"description": "ใหม่"},
     {"anonymous": 403, "partner": 403, "expert": 403, "staff": 200, "owner": 200, "*": 404}),
    ("DELETE", lambda o: f"/api/v1/products/{o['other_product'].pk}/", None, {"staff": 204, "*": 403}),
    ("POST", lambda o: f"/api/v1/products/{o['product'].pk}/unpublish/", {},
     {"staff": 200, "owner": 200, "*": 403}),
    ("GET", lambda o: f"/api/v1/products/{o['product'].pk}/assessments/", None,
     {"staff": 200, "owner": 200, "*": 403}),
    ("POST", lambda o: f"/api/v1/products/{o['product'].pk}/assessments/",
     {"fiscal_year": 2570, "answers": ["1.3", "2.3", "3.3", "4.4", "5.4"]}, {"staff": 201, "*": 403}),
    ("GET", lambda o: "/api/v1/development-projects/", None, {"*": 200}),
    ("GET", lambda o: f"/api/v1/development-projects/{o['project'].pk}/", None,
     {"staff": 200, "owner": 200, "*": 404}),
    ("PATCH", lambda o: f"/api/v1/development-projects/{o['project'].pk}/", {"idea": "ใหม่"},
     {"staff": 200, "owner": 200, "outsider": 404, "*": 403}),
    ("POST", lambda o: f"/api/v1/development-projects/{o['project'].pk}/move-stage/", {"stage": "prototype",
                                                                                       "reason": "ข้าม"},
     {"staff": 200, "owner": 403, "outsider": 404, "*": 403}),
    ("GET", lambda o: "/api/v1/products/quadrant-summary/", None, {"staff": 200, "*": 403}),
]


def _product(o, key):
    from products.models import Product

    return Product.objects.filter(pk=o[key].pk).first()


def _project(o):
    from products.models import DevelopmentProject

    return DevelopmentProject.objects.get(pk=o["project"].pk)


# The effect of each write in API (by index): true when the write happened.
EFFECTS = {
    2: lambda o: _product(o, "product").description == "ใหม่",
    3: lambda o: _product(o, "draft").description == "ใหม่",
    4: lambda o: _product(o, "other_product") is None,
    5: lambda o: _product(o, "product").status == "draft",
    7: lambda o: o["product"].assessments.exists(),
    10: lambda o: _project(o).idea == "ใหม่",
    11: lambda o: _project(o).stage == "prototype",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("index", range(len(API)), ids=[f"{a[0]} {i}" for i, a in enumerate(API)])
def test_it_applies_the_api_matrix(api_for, users, objects, role, index):
    method, url, data, expected = API[index]
    response = getattr(api_for(users[role]), method.lower())(url(objects), data, format="json")
    wanted = expect(expected, role)
    if role == "anonymous" and wanted == 403:
        wanted = 401  # not logged in: 401 with WWW-Authenticate (token auth)
    assert response.status_code == wanted, response.content[:300]
    if index in EFFECTS:
        assert EFFECTS[index](objects) is (wanted < 300)


def test_it_hides_other_groups_drafts_and_projects_from_lists(api_for, outsider, objects):
    api = api_for(outsider)
    slugs = {p["slug"] for p in api.get("/api/v1/products/").json()["results"]}
    assert objects["draft"].slug not in slugs and objects["product"].slug in slugs
    assert api.get("/api/v1/development-projects/").json()["count"] == 0


def test_it_lets_a_partner_see_the_projects_it_designs(api_for, partner_user, objects):
    project = objects["project"]
    project.partner = partner_user.partner_organisation
    project.save()
    api = api_for(partner_user)
    assert api.get(f"/api/v1/development-projects/{project.pk}/").status_code == 200
    assert api.post(f"/api/v1/development-projects/{project.pk}/move-stage/", {"stage": "design"},
                    format="json").status_code == 403


@pytest.mark.parametrize("role, ok", [("staff", True), ("owner", False), ("outsider", False)])
def test_it_keeps_the_admin_for_staff(client_for, users, objects, role, ok):
    c = client_for(users[role])
    for url in ["/admin/products/product/", f"/admin/products/product/{objects['product'].pk}/change/",
                "/admin/products/assessment/", "/admin/products/developmentproject/",
                "/admin/products/quadrantrule/"]:
        response = c.get(url)
        assert (response.status_code == 200) is ok, url
