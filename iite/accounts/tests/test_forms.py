import pytest
from allauth.account.forms import SignupForm
from django.utils import translation

from iite.accounts.forms import AccountDeleteForm, ProfileForm

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_signup_form_asks_the_profile_in_order_after_name_and_email():
    """allauth's sign-up form carries our profile questions, name first and consent last."""
    form = SignupForm()
    assert list(form.fields) == [
        "name",
        "email",
        "password1",
        "password2",
        "country",
        "sex",
        "age_band",
        "role",
        "institution",
        "languages",
        "consent",
    ]


def test_signup_form_reports_each_missing_answer_at_its_field():
    """Name, role and consent are required; each error sits on its own field."""
    form = SignupForm(
        data={
            "email": "x@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "sex": "female",
            "age_band": "25_34",
        }
    )
    assert not form.is_valid()
    assert set(form.errors) == {"name", "role", "consent"}
    assert form.errors["consent"] == [
        "We can only create your account with your agreement to this."
    ]


def test_profile_form_rejects_unknown_choices_at_the_field(countries):
    """Values outside the lists are field errors, never stored."""
    form = ProfileForm(
        data={
            "name": "A",
            "sex": "female",
            "age_band": "200",
            "role": "king",
            "country": "99999",
            "languages": ["xx"],
        }
    )
    assert not form.is_valid()
    assert set(form.errors) == {"age_band", "role", "country", "languages"}


def test_profile_form_offers_the_four_sex_options_and_the_ten_roles():
    """The profile uses the strategy's categories."""
    form = ProfileForm()
    assert [value for value, _label in form.fields["sex"].choices] == [
        "female",
        "male",
        "another",
        "not_stated",
    ]
    assert len([value for value, _label in form.fields["role"].choices if value]) == 10


def test_profile_form_errors_follow_the_language(countries):
    """In Russian the required-field error is Russian."""
    with translation.override("ru"):
        form = ProfileForm(data={})
        assert not form.is_valid()
        assert form.errors["name"] == ["Обязательное поле."]


def test_account_delete_form_checks_the_password(person):
    """The wrong password is a field error; the right one passes."""
    wrong = AccountDeleteForm(data={"password": "nope"}, user=person)
    assert not wrong.is_valid()
    assert wrong.errors["password"] == ["This is not your current password."]
    assert AccountDeleteForm(data={"password": PASSWORD}, user=person).is_valid()
