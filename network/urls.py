from django.urls import path

from . import views
from .models import Answer, Question

app_name = "network"

urlpatterns = [
    path("", views.HubView.as_view(), name="hub"),
    path("experts/", views.ExpertListView.as_view(), name="expert_list"),
    path("experts/<str:slug>/", views.ExpertDetailView.as_view(), name="expert_detail"),
    path("knowledge/", views.KnowledgeListView.as_view(), name="knowledge_list"),
    path("knowledge/new/", views.KnowledgeCreateView.as_view(), name="knowledge_create"),
    path("knowledge/<str:slug>/", views.KnowledgeDetailView.as_view(), name="knowledge_detail"),
    path("knowledge/<str:slug>/submit/", views.KnowledgeSubmitView.as_view(), name="knowledge_submit"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/<str:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<str:slug>/register/", views.EventRegisterView.as_view(), name="event_register"),
    path("events/<str:slug>/attendance/", views.EventAttendanceView.as_view(), name="event_attendance"),
    path("registrations/<int:pk>/cancel/", views.RegistrationCancelView.as_view(), name="registration_cancel"),
    path("registrations/<int:pk>/certificate/", views.CertificateView.as_view(), name="certificate"),
    path("my/registrations/", views.MyRegistrationsView.as_view(), name="my_registrations"),
    path("my/questions/", views.MyQuestionsView.as_view(), name="my_questions"),
    path("my/expert-profile/", views.MyExpertProfileView.as_view(), name="my_expert_profile"),
    path("my/mentoring/", views.MyMentoringView.as_view(), name="my_mentoring"),
    path("mentorships/<int:pk>/", views.MentorshipDetailView.as_view(), name="mentorship_detail"),
    path("questions/", views.QuestionListView.as_view(), name="question_list"),
    path("questions/new/", views.QuestionCreateView.as_view(), name="question_create"),
    path("questions/<int:pk>/", views.QuestionDetailView.as_view(), name="question_detail"),
    path("questions/<int:pk>/moderate/", views.ModerateView.as_view(model=Question), name="question_moderate"),
    path("answers/<int:pk>/moderate/", views.ModerateView.as_view(model=Answer), name="answer_moderate"),
    path("answers/<int:pk>/accept/", views.AnswerAcceptView.as_view(), name="answer_accept"),
]
